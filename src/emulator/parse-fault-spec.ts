/**
 * Fault injection rules. Syntax (the `faults` option, `--faults` flag and `X-Emulator-Fault` header):
 *
 * ```
 * spec   = rule ("," rule)*
 * rule   = kind ["-after"] ["=" number] [":" probability] ["@" pathPrefix]
 * kind   = 500 | 502 | 503 | 429 | timeout | reset | malformed | html | slow
 * ```
 *
 * - `500`, `502`, `503`: HeyGen-shaped server error (503 carries `Retry-After`).
 * - `429`: rate-limit answer with `Retry-After: <number or 1>` seconds.
 * - `timeout`: never answers until the client aborts (or the emulator closes).
 * - `reset`: the connection is destroyed (over a socket) / the in-process fetch rejects with a TypeError
 *   whose `cause.code` is `ECONNRESET`, like undici's "fetch failed".
 * - `malformed`: HTTP 200 with a truncated, invalid JSON body.
 * - `html`: a 502 HTML error page from a "proxy" instead of JSON.
 * - `slow`: delays the answer by `number` ms (default 2000) on the emulator clock, then answers normally.
 * - `-after`: the request is processed first (state changes and credits happen), then the answer is replaced
 *   by the fault — the lost-response case that makes naive retries render twice. A replay (a repeated
 *   Idempotency-Key, a body-field dedup) does no work, so it is answered as stored.
 * - `probability` (0..1, default 1) is drawn from the emulator's seeded generator; `@/v3/videos` limits the
 *   rule to paths starting with that prefix.
 *
 * Examples: `500:0.1,timeout:0.05`, `slow=1500:0.2@/v3/videos`, `reset-after` (header).
 */
export interface FaultRule {
  kind: FaultKind;
  /** Process the request, then fail the answer. */
  after: boolean;
  /** `slow`: delay in ms; `429`/`503`: Retry-After seconds. */
  parameter: number | undefined;
  probability: number;
  pathPrefix: string | undefined;
}

/** The fault kinds. */
export type FaultKind = '500' | '502' | '503' | '429' | 'timeout' | 'reset' | 'malformed' | 'html' | 'slow';

/** Every fault kind, in the order of the syntax above. */
export const faultKinds: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '429',
  'timeout',
  'reset',
  'malformed',
  'html',
  'slow',
];

const kinds = new Set<FaultKind>(faultKinds);

/**
 * Every distinct fault a request can get: each kind before processing, and each but `slow` after it (`-after`,
 * the lost answer) — 17 in all.
 */
export const faultVariants: readonly string[] = faultKinds.flatMap((kind) =>
  kind === 'slow' ? [kind] : [kind, `${kind}-after`],
);

/** Parses a fault spec; throws a RangeError naming the bad rule. An empty spec has no rules. */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const raw of spec.split(',')) {
    const text = raw.trim();
    if (!text) continue;
    const fail = (why: string): never => {
      throw new RangeError(
        `Invalid fault rule "${text}": ${why}. Expected kind[-after][=number][:probability][@/path].`,
      );
    };
    let rest = text;
    let pathPrefix: string | undefined;
    const at = rest.indexOf('@');
    if (at >= 0) {
      pathPrefix = rest.slice(at + 1);
      rest = rest.slice(0, at);
      if (!pathPrefix.startsWith('/')) fail('the path prefix must start with "/"');
    }
    let probability = 1;
    const colon = rest.indexOf(':');
    if (colon >= 0) {
      probability = Number(rest.slice(colon + 1));
      rest = rest.slice(0, colon);
      if (!Number.isFinite(probability) || probability < 0 || probability > 1)
        fail('probability must be 0..1');
    }
    let parameter: number | undefined;
    const equals = rest.indexOf('=');
    if (equals >= 0) {
      parameter = Number(rest.slice(equals + 1));
      rest = rest.slice(0, equals);
      if (!Number.isFinite(parameter) || parameter < 0) fail('the number after "=" must be >= 0');
    }
    let after = false;
    if (rest.endsWith('-after')) {
      after = true;
      rest = rest.slice(0, -'-after'.length);
    }
    const kind = rest.toLowerCase() as FaultKind;
    if (!kinds.has(kind)) fail(`unknown kind "${rest}" (one of ${[...kinds].join(', ')})`);
    if (after && kind === 'slow') fail('"slow" cannot be combined with -after');
    rules.push({ kind, after, parameter, probability, pathPrefix });
  }
  return rules;
}
