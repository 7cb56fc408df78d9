import { getTool } from './src/catalog/index.ts';
import { runFaultMatrix, summarizeMatrix } from './test/routing/fault-matrix.ts';
const keep = setInterval(() => {}, 1000);
const names = process.argv.slice(2);
const cells = await runFaultMatrix({ tools: names.map((n) => getTool(n)) });
clearInterval(keep);
for (const c of cells) console.log(c.tool, c.fault, c.outcome, c.tries, 'dup', c.duplicates, 'unk', c.unknownWithJob, 'rec', c.reconciled);
console.log(JSON.stringify(summarizeMatrix(cells).unknownWithJob), summarizeMatrix(cells).duplicates, summarizeMatrix(cells).duplicatesAfterLying429);
