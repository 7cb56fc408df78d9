import { catalog } from '../src/catalog/index.ts';
const by = new Map<string,string[]>();
for (const t of catalog) { const k = t.area + ' ' + t.family; by.set(k, [...(by.get(k)??[]), t.name]); }
for (const [k,v] of by) console.log(k, ':', v.join(' '));
