import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, lazySchema } from '../../catalog/define-tool.ts';
import { catalog, getTool } from '../../catalog/index.ts';
import { toolSchemasSnapshotText } from '../../../scripts/generate-tool-schemas.ts';
import { toolJsonSchemaSnapshot, toolJsonSchemaSnapshotUrl } from './tool-json-schema-snapshot.ts';
import { toolInputJsonSchema } from './tool-input-json-schema.ts';

describe('generated tool JSON Schema snapshot', () => {
  it('equals the live conversion of every catalog tool (stale? run `npm run generate:tool-schemas`)', () => {
    const committed = readFileSync(toolJsonSchemaSnapshotUrl, 'utf8');
    expect(
      committed === toolSchemasSnapshotText(),
      'snapshot is stale: run `npm run generate:tool-schemas`',
    ).toBe(true);
  });

  it('serves every catalog tool', () => {
    for (const tool of catalog) expect(toolJsonSchemaSnapshot(tool), tool.name).toBeDefined();
  });

  it('is never used for a tool that only shares a catalog name', () => {
    const impostor = defineTool({
      ...getTool('video_get'),
      input: lazySchema(() => z.strictObject({ something_else: z.string() })),
    });
    expect(toolJsonSchemaSnapshot(impostor)).toBeUndefined();
    expect(Object.keys(toolInputJsonSchema(impostor).properties as object)).toEqual(['something_else']);
  });
});
