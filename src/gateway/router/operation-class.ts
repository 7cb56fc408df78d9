import type { ToolDefinition } from '../../catalog/define-tool.ts';

/**
 * The unit of rate-limit and failure state on an account. HeyGen limits job starts separately from plain
 * requests ("10 concurrent async jobs" on pay-as-you-go, answered with 429 on the create), so a 429 on
 * `POST /v3/videos` says nothing about `GET /v3/videos/{id}`. Cooling an account down as a whole would
 * block the status polls that let running jobs finish.
 *
 * - `read`: GET endpoints and the `*_wait` tools that poll them.
 * - `render`: creates that start a paid, asynchronous job (the catalog's `job`).
 * - `upload`: file uploads (upload host, multipart or raw bodies) — slow and large, limited on their own.
 * - `write`: every other write or delete.
 */
export type OperationClass = 'read' | 'render' | 'upload' | 'write';

/** Every operation class, in a stable order (for status listings). */
export const operationClasses: readonly OperationClass[] = ['read', 'render', 'upload', 'write'];

/** Derives a tool's operation class from its catalog entry; nothing is listed by hand. */
export function operationClass(tool: ToolDefinition): OperationClass {
  const implementation = tool.implementation;
  if (implementation.kind === 'wait' || tool.access === 'read') return 'read';
  if (tool.job) return 'render';
  const body = implementation.kind === 'http' ? implementation.request?.body : undefined;
  if (tool.endpoint.host === 'upload' || body === 'multipart' || body === 'raw') return 'upload';
  return 'write';
}
