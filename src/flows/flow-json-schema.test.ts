import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema, flowSchemaFileText, flowSchemaFileUrl } from './flow-json-schema.ts';

describe('the published flow JSON Schema', () => {
  it('is current (regenerate with npm run generate:flow-schema)', () => {
    expect(readFileSync(flowSchemaFileUrl, 'utf8')).toBe(flowSchemaFileText());
  });

  it('describes the trigger and step kinds editors complete', () => {
    const schema = flowJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'trigger', 'steps']));
    const text = JSON.stringify(schema);
    for (const key of [
      'cron',
      'timezone',
      'event',
      'manual',
      'after',
      'tool',
      'mcp',
      'http',
      'lua',
      'for_each',
      'then',
      'on_failure',
      'retry',
      'wait',
    ]) {
      expect(text).toContain(`"${key}"`);
    }
  });
});
