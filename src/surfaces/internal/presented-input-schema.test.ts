import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { describe, expect, it } from 'vitest';
import { catalog, getTool } from '../../catalog/index.ts';
import { isJsonObject, type JsonSchema } from './json-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';
import { readToolArguments } from './read-tool-arguments.ts';
import { InvalidInputError } from '../../catalog/errors.ts';
import { startsJob } from './starts-job.ts';
import { toolOutputJsonSchema } from './tool-output-json-schema.ts';
import { waitToolFor } from './wait-tool-for.ts';

/** Every `additionalProperties: false` in a schema, as paths. */
function closedObjects(node: unknown, path = '(root)'): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => closedObjects(child, `${path}[${index}]`));
  if (!isJsonObject(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'additionalProperties' && value === false ? [path] : closedObjects(value, `${path}.${key}`),
  );
}

describe('schemas presented to agents, over the whole catalog', () => {
  it('every input schema is one object at the root (MCP requires it; Anthropic rejects root unions)', () => {
    for (const tool of catalog) {
      const schema = presentedInputSchema(tool);
      expect(schema.type, tool.name).toBe('object');
      expect(isJsonObject(schema.properties), tool.name).toBe(true);
      for (const keyword of ['oneOf', 'anyOf', 'allOf', '$schema'])
        expect(schema[keyword], `${tool.name} ${keyword}`).toBeUndefined();
    }
  });

  it('job-starting tools, and only they, take a wait flag naming an existing wait tool', () => {
    for (const tool of catalog) {
      const properties = presentedInputSchema(tool).properties as Record<string, JsonSchema>;
      if (startsJob(tool)) {
        expect(properties.wait?.type, tool.name).toBe('boolean');
        expect(waitToolFor(tool), tool.name).toBeDefined();
        expect(properties.wait!.description).toContain(waitToolFor(tool));
      } else {
        expect(properties.wait, tool.name).toBeUndefined();
      }
    }
  });

  it('every output schema is an open object without root requirements (error results share the root)', () => {
    for (const tool of catalog) {
      const { schema } = toolOutputJsonSchema(tool);
      expect(schema.type, tool.name).toBe('object');
      expect(schema.required, tool.name).toBeUndefined();
      expect(closedObjects(schema), tool.name).toEqual([]);
    }
  });

  it('every output schema accepts the error structuredContent, as the MCP SDK client validates it', () => {
    const validator = new AjvJsonSchemaValidator();
    const failure = {
      error: {
        code: 'rate_limited',
        message: 'Slow down.',
        retryable: true,
        retry_after_ms: 2000,
        hint: 'Retry later.',
        field: 'video_id',
        status: 429,
        request_id: 'req_1',
        account: 'default',
      },
    };
    for (const tool of catalog) {
      const result = validator.getValidator(toolOutputJsonSchema(tool).schema as never)(failure);
      expect(result.valid, `${tool.name}: ${result.errorMessage}`).toBe(true);
    }
  });

  it('drops zod noise: no safe-integer bounds', () => {
    const text = JSON.stringify(catalog.map(presentedInputSchema));
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
  });
});

describe('readToolArguments', () => {
  const videoCreate = getTool('video_create');

  it('takes wait out for job tools and keeps the rest', () => {
    expect(readToolArguments(videoCreate, { type: 'avatar', wait: true }, 'mcp')).toEqual({
      input: { type: 'avatar' },
      wait: true,
    });
    expect(readToolArguments(videoCreate, { type: 'avatar', wait: null }, 'openai')).toEqual({
      input: { type: 'avatar' },
    });
    expect(readToolArguments(videoCreate, { type: 'avatar', max_wait_seconds: 2 }, 'mcp')).toEqual({
      input: { type: 'avatar' },
      maxWaitSeconds: 2,
    });
  });

  it('leaves options the schema did not add in place, so validation names them', () => {
    const videoGet = getTool('video_get');
    expect(readToolArguments(videoGet, { video_id: 'v', wait: true }, 'mcp')).toEqual({
      input: { video_id: 'v', wait: true },
    });
    expect(readToolArguments(videoCreate, { max_wait_seconds: 1 }, 'ai-sdk')).toEqual({
      input: { max_wait_seconds: 1 },
    });
  });

  it('refuses a non-boolean wait and arguments that are no object, naming the field', () => {
    for (const [args, field] of [
      [{ wait: 'yes' }, 'wait'],
      [{ wait: { timeout_seconds: -1 } }, 'wait.timeout_seconds'],
      [[], '(body)'],
      [7, '(body)'],
    ] as const) {
      const error = (() => {
        try {
          readToolArguments(videoCreate, args, 'mcp');
        } catch (thrown) {
          return thrown as InvalidInputError;
        }
        throw new Error('expected a refusal');
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.field).toBe(field);
    }
  });
});
