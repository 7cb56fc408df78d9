import { searchTerms } from '../src/catalog/create-tool-search.ts';
import { getTool } from '../src/catalog/index.ts';
const t = getTool(process.argv[2]!);
console.log(searchTerms(t.title), searchTerms(t.description));
