/**
 * Redaction of arguments and responses before they reach the audit log (issue 6: "secrets and uploaded
 * bytes redacted").
 *
 * - `fileInput.base64` (see catalog/schemas.ts) becomes `[redacted N bytes]`: uploads stay out of the log
 *   but their size is kept.
 * - Fields whose name says they hold a secret — `key`, `api_key`, `secret`, `token`, `access_token`,
 *   `password`, `authorization`, `signature`, … in snake or camel case — become `[redacted]`. HeyGen returns
 *   such values: webhook endpoints carry their signing `secret`, `POST /v1/streaming.create_token` returns a
 *   `token`, streaming sessions an `access_token`.
 * - Pagination cursors (`next_token`, `page_token`) and `idempotency_key` are not secrets and stay.
 * - Finally any known secret string (the account's API key, the caller's persona token) is replaced
 *   wherever it appears in the serialised JSON, as a last line of defence.
 *
 * Values are copied only along the paths that change, so a large response with nothing to redact is not
 * duplicated.
 */

const secretName =
  /(^|_)(key|api_?key|secret|client_secret|token|access_token|refresh_token|password|passphrase|credential|credentials|authorization|signature|private_key|session_token)s?$/;
const notSecret = new Set([
  'idempotency_key',
  'next_token',
  'next_page_token',
  'page_token',
  'pagination_token',
  'prev_token',
]);

/** Marker left where a secret was. */
export const redactedMarker = '[redacted]';

/** Snake-cases a field name (`accessToken` → `access_token`, `X-Api-Key` → `x_api_key`). */
function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]/g, '_')
    .toLowerCase();
}

const verdicts = new Map<string, boolean>();

/** True when a field of that name holds a secret (memoised: field names repeat across calls). */
export function isSecretFieldName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    const normalized = normalizeName(name);
    verdict = !notSecret.has(normalized) && secretName.test(normalized);
    if (verdicts.size < 10_000) verdicts.set(name, verdict);
  }
  return verdict;
}

/** Decoded size of base64 text, without decoding it. */
function base64Bytes(text: string): number {
  const clean = text.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      const redacted = redactValue(item, depth + 1);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[index] = redacted;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const [name, item] of Object.entries(record)) {
    let redacted: unknown;
    if (name === 'base64' && typeof item === 'string') redacted = `[redacted ${base64Bytes(item)} bytes]`;
    else if (isSecretFieldName(name) && item !== null && item !== undefined && item !== '')
      redacted = redactedMarker;
    else redacted = redactValue(item, depth + 1);
    if (redacted !== item) {
      copy ??= { ...record };
      copy[name] = redacted;
    }
  }
  return copy ?? value;
}

/** Returns `value` with secret fields and file bytes redacted (a copy where anything changed). */
export function redactForAudit(value: unknown): unknown {
  return redactValue(value, 0);
}

/** Options of {@link auditJson}. */
export interface AuditJsonOptions {
  /** Largest JSON kept, in bytes (default 64 KiB); larger values keep a truncated preview and a marker. */
  capBytes?: number;
  /** Strings that must not appear (API keys, persona tokens). */
  secrets?: readonly (string | undefined)[];
}

/** Default size cap of one audited value. */
export const auditCapBytes = 64 * 1024;

/**
 * Serialises a value for the audit log: redacted, secrets scrubbed, capped. A value over the cap is stored
 * as `{"truncated":true,"bytes":N,"preview":"…"}` so the record says it is incomplete.
 */
export function auditJson(value: unknown, options: AuditJsonOptions = {}): string | null {
  if (value === undefined) return null;
  let json: string;
  try {
    json = JSON.stringify(redactForAudit(value)) ?? 'null';
  } catch {
    json = JSON.stringify({ unserializable: true });
  }
  for (const secret of options.secrets ?? []) {
    if (secret !== undefined && secret.length >= 8 && json.includes(secret))
      json = json.split(secret).join(redactedMarker);
  }
  const cap = options.capBytes ?? auditCapBytes;
  // Length in UTF-16 units bounds the UTF-8 size from below; measure bytes only when it might matter.
  if (json.length * 3 <= cap) return json;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= cap) return json;
  return JSON.stringify({ truncated: true, bytes, preview: json.slice(0, Math.max(0, cap - 256)) });
}
