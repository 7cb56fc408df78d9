/**
 * Tools accepted per schema dialect, raw (the presented MCP schema as it is) and converted (what heygate
 * publishes with `--dialect NAME`). "Accepted" = no violation of the dialect's rules
 * (src/surfaces/internal/dialect-violations.ts) and the schema compiles as JSON Schema 2020-12 (ajv).
 *
 * Run: `npx node bench/schema-dialects.ts` → bench/results/schema-dialects.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { catalog } from '../src/catalog/index.ts';
import { dialectViolations } from '../src/surfaces/internal/dialect-violations.ts';
import type { JsonSchema } from '../src/surfaces/internal/json-schema.ts';
import { presentedInputSchema } from '../src/surfaces/internal/presented-input-schema.ts';
import { dialectToolSchema, schemaDialects } from '../src/surfaces/internal/schema-dialect.ts';

const ajv = new Ajv2020({ strict: false, validateFormats: false });

function accepted(dialect: (typeof schemaDialects)[number], name: string, schema: JsonSchema): boolean {
  if (dialectViolations(dialect, schema, name).length > 0) return false;
  try {
    ajv.compile(schema);
    return true;
  } catch {
    return false;
  }
}

const results: Record<string, { tools: number; raw: number; converted: number; first_raw_problem?: string }> =
  {};
for (const dialect of schemaDialects) {
  let raw = 0;
  let converted = 0;
  let firstProblem: string | undefined;
  for (const tool of catalog) {
    const presented = presentedInputSchema(tool);
    if (accepted(dialect, tool.name, presented)) raw += 1;
    else
      firstProblem ??= `${tool.name} ${dialectViolations(dialect, presented, tool.name)[0] ?? 'does not compile'}`;
    if (accepted(dialect, tool.name, dialectToolSchema(tool, dialect).schema)) converted += 1;
  }
  results[dialect] = {
    tools: catalog.length,
    raw,
    converted,
    ...(firstProblem ? { first_raw_problem: firstProblem } : {}),
  };
  process.stdout.write(
    `${dialect.padEnd(14)} raw ${raw}/${catalog.length} → converted ${converted}/${catalog.length}\n`,
  );
}

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/schema-dialects.json', import.meta.url),
  JSON.stringify({ measured_at: new Date().toISOString(), dialects: results }, null, 2) + '\n',
);
