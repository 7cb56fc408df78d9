import { z } from 'zod';

/**
 * Shared zod helpers for catalog schemas. `fileInput` is the one way every tool takes a file: the v3
 * multipart upload (`POST /v3/assets`, field `file`) and the legacy raw-byte uploads on the upload host.
 */

/** Base64 text: the standard or URL-safe alphabet, padding optional, whitespace (line breaks) ignored. */
const base64Text = /^[A-Za-z0-9+/\-_=\s]+$/;

/**
 * A file given to a tool, in one of three shapes:
 * - `{ base64, filename?, content_type? }` — the bytes inline (agents and remote callers);
 * - `{ path }` — a local file, read only from the roots the operator named (`--files-root`; the CLI's `call`
 *   defaults to the current directory), never inside `$HEYGATE_HOME` (docs/security.md);
 * - `{ url }` — an http(s) URL the client downloads through the outbound URL guard before uploading.
 * Built eagerly: it is three tiny objects and every upload tool shares the instance.
 */
export const fileInput = z.union([
  z.strictObject({
    base64: z
      .string()
      .min(1)
      .refine((value) => base64Text.test(value), 'base64 text (A-Z, a-z, 0-9, +, /, =)'),
    filename: z.string().min(1).optional(),
    content_type: z.string().min(1).optional(),
  }),
  z.strictObject({ path: z.string().min(1) }),
  z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
]);

/** The parsed value of `fileInput`. */
export type FileInput = z.infer<typeof fileInput>;

/** Bounds of `timeout_seconds` on `*_wait` tools: at least 1 second, at most one hour per call. */
export const waitTimeoutSeconds = { min: 1, max: 3600 } as const;

/** Input of a `*_wait` tool: the job id under `idField`, plus an optional overall timeout. */
export function waitInput(idField: string): z.ZodType {
  return z.strictObject({
    [idField]: z.string().min(1),
    timeout_seconds: z.number().min(waitTimeoutSeconds.min).max(waitTimeoutSeconds.max).optional(),
  });
}

/**
 * Output of a tool whose HeyGen answer is a Server-Sent Events stream: the frames' `data` objects merged into
 * one (array fields concatenated in order, other fields last one wins; src/heygen/read-event-stream.ts), plus
 * what the client saw of the stream: `ended` (the stream's `end` event arrived), `end` (that event's data) and
 * `truncated` (the bound that stopped reading early: `time`, `bytes` or `events`; null when it ended).
 */
export function eventStreamResult(frame: z.ZodType): z.ZodType {
  const base = frame instanceof z.ZodObject ? frame : z.looseObject({});
  return base.extend({
    ended: z.boolean().nullish(),
    end: z.unknown(),
    truncated: z.enum(['time', 'bytes', 'events']).nullish(),
  });
}
