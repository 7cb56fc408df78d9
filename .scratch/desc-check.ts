import { catalog } from '../src/catalog/index.ts';
import { z } from 'zod';
let n=0;
for (const t of catalog) {
  const starts = t.job && t.implementation.kind !== 'wait';
  const schema: any = z.toJSONSchema(t.input(), { io: 'input', unrepresentable: 'any' });
  const variants = schema.type === 'object' ? [schema] : (schema.oneOf ?? schema.anyOf ?? []);
  const req = new Set<string>(); for (const v of variants) for (const r of v.required ?? []) req.add(r);
  const ids = [...req].filter(r => /_id$|^id$/.test(r));
  const issues: string[] = [];
  if (starts) {
    if (!new RegExp(`${t.job!.kind}_wait`).test(t.description)) issues.push('no wait tool');
    if (!/\b(second|minute|hour)s?\b/i.test(t.description)) issues.push('no duration');
  }
  if (ids.length) issues.push('ids:' + ids.join(','));
  if (issues.length) { n++; console.log(t.family.padEnd(10), t.name.padEnd(45), issues.join(' | ')); }
}
console.log(n, catalog.length);
