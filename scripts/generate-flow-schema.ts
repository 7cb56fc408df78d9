/**
 * Writes docs/flow.schema.json, the JSON Schema of flow files for editor completion, from the zod schema the
 * flow parser uses (src/flows/flow-definition.ts). A test fails when the file is stale.
 *
 * Run: `npm run generate:flow-schema`.
 */
import { writeFileSync } from 'node:fs';
import { flowSchemaFileText, flowSchemaFileUrl } from '../src/flows/flow-json-schema.ts';

writeFileSync(flowSchemaFileUrl, flowSchemaFileText());
console.log(`wrote ${flowSchemaFileUrl.pathname}`);
