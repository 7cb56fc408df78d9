import { searchTools, catalog } from '../src/catalog/index.ts';
import { searchTerms } from '../src/catalog/create-tool-search.ts';
for (const q of process.argv.slice(2)) { console.log(q, searchTerms(q)); searchTools(q, 5); }
