import { isIP } from 'node:net';
import { InvalidInputError } from '../catalog/errors.ts';
import { classifyAddress } from './classify-address.ts';

/**
 * The tools that register a URL HeyGen will POST events to, and the input field holding it. Only the v3
 * tools: the seed's `v1_webhook_endpoint_add` and `update_webhook_endpoint` are composites onto them, and
 * their inner calls are checked here too.
 */
const webhookUrlFields: Readonly<Record<string, string>> = {
  webhook_endpoint_create: 'url',
  webhook_endpoint_update: 'url',
};

/** Options of {@link checkWebhookUrl}. */
export interface CheckWebhookUrlOptions {
  /** Accept plain `http` for loopback hosts (sandbox mode only: the emulator delivers on this machine). */
  allowLoopbackHttp: boolean;
}

/**
 * Refuses a webhook endpoint URL that is not `https` before anything is sent: HeyGen signs events but sends
 * them in the clear over `http`, and a `javascript:`/`data:`/`file:` URL is never a receiver. Plain `http` is
 * accepted only for loopback hosts in sandbox mode, where the emulator delivers to a local `heygate serve`.
 * URLs with credentials are refused (they would be stored at HeyGen). Throws `InvalidInputError` naming the
 * field. The same rule holds for every `callback_url` a create passes (HeyGen POSTs the job's events there,
 * unsigned); other fields are left alone.
 */
export function checkWebhookUrl(tool: string, input: unknown, options: CheckWebhookUrlOptions): void {
  if (typeof input !== 'object' || input === null) return;
  const field = webhookUrlFields[tool];
  if (field) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) checkOne(tool, field, value, options);
  }
  // A job's `callback_url` (any create, batch items included) is a receiver HeyGen POSTs to as well.
  for (const [path, value] of callbackUrls(input, '', 0))
    if (value !== undefined && value !== null) checkOne(tool, path, value, options);
}

/** Every `callback_url` in the input, with its dotted path (arrays by index), at most 8 levels deep. */
function callbackUrls(value: unknown, prefix: string, depth: number): [string, unknown][] {
  if (depth > 8 || typeof value !== 'object' || value === null) return [];
  const found: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (key === 'callback_url' && !Array.isArray(value)) found.push([path, child]);
    else found.push(...callbackUrls(child, path, depth + 1));
  }
  return found;
}

function checkOne(tool: string, field: string, value: unknown, options: CheckWebhookUrlOptions): void {
  const fail = (message: string): never => {
    throw new InvalidInputError(tool, [
      {
        field,
        expected: options.allowLoopbackHttp ? 'an https URL (or http on loopback)' : 'an https URL',
        message: `\`${field}\`: ${message}`,
      },
    ]);
  };
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return fail('not a valid URL.');
  }
  if (url.username || url.password) fail('URLs with credentials are refused.');
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && options.allowLoopbackHttp && isLoopback(url.hostname)) return;
  fail(
    url.protocol === 'http:'
      ? 'webhook URLs must use https (plain http is accepted only for loopback hosts in sandbox mode).'
      : `webhook URLs must use https, not ${url.protocol}`,
  );
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && classifyAddress(host) === 'loopback';
}
