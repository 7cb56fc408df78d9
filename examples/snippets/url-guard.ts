import { createUrlGuard, UrlRefusedError } from 'heygate/heygen';

// The operator's allow-list: public addresses always, these intranet names and ranges too.
const guard = createUrlGuard({ allow: ['cms.internal', '10.20.0.0/16'] });

export async function postJson(url: string, payload: unknown, signal?: AbortSignal): Promise<unknown> {
  try {
    const response = await guard.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal,
      maxBytes: 1024 * 1024, // a longer answer is refused (too_large)
      timeoutMs: 10_000,
    });
    return await response.json();
  } catch (error) {
    // Refusals throw UrlRefusedError (code `url_refused`, `reason`: private_address, scheme, too_large, …).
    if (error instanceof UrlRefusedError) throw new Error(`not sent: ${error.reason}`, { cause: error });
    throw error;
  }
}
