import { createToolSearch } from '../src/catalog/create-tool-search.ts';
import { catalog, getTool } from '../src/catalog/index.ts';
const s = createToolSearch([getTool(process.argv[2]!), ...catalog.slice(0, 0)]);
process.env.SEARCH_DEBUG='1';
s(process.argv[3]!, 3);
