import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import type { JsonSchema } from './json-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';

/** The longest wait budget an agent may ask for, seconds: a wait holds the call open, and an hour bounds a mistaken value. */
export const maxWaitSecondsLimit = 3600;

const cache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * The input schema MCP's compact `describe_tool` shows: `presentedInputSchema` plus an optional
 * `max_wait_seconds` — how long the call may wait for a rate-limited account when it cannot move to another
 * (its input holds ids that exist on one account only, or it names an account). Full-mode tool schemas leave it
 * out (the server instructions announce it once; ~10K tokens saved) though every tool accepts it. Taken out
 * again before validation (see `readToolArguments`).
 */
export function maxWaitInputSchema(tool: ToolDefinition): JsonSchema {
  let schema = cache.get(tool);
  if (!schema) {
    const base = presentedInputSchema(tool);
    if ('max_wait_seconds' in (base.properties as object)) {
      schema = base;
    } else {
      schema = deepFreeze({
        ...base,
        properties: {
          ...(base.properties as object),
          max_wait_seconds: {
            type: 'number',
            minimum: 0,
            maximum: maxWaitSecondsLimit,
            description:
              'Seconds to wait if the account is rate-limited and the call cannot move to another. Default 0: return rate_limited with retry_after_ms at once.',
          },
        },
      });
    }
    cache.set(tool, schema);
  }
  return schema;
}
