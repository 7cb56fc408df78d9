import { describe, expect, it } from 'vitest';
import { auditJson, isSecretFieldName, redactForAudit } from './redact-for-audit.ts';

describe('audit redaction', () => {
  it('replaces upload bytes with their size', () => {
    const base64 = Buffer.alloc(1000, 7).toString('base64');
    expect(redactForAudit({ file: { base64, filename: 'a.png' } })).toEqual({
      file: { base64: '[redacted 1000 bytes]', filename: 'a.png' },
    });
  });

  it('redacts secret-named fields at any depth, in snake and camel case, but keeps cursors', () => {
    const value = {
      data: [{ secret: 'whsec_1', url: 'https://x' }],
      accessToken: 'tok',
      api_key: 'k',
      token: 'stream-token',
      next_token: 'cursor',
      idempotency_key: 'idem',
      nested: { 'X-Api-Key': 'k2', count: 1 },
    };
    expect(redactForAudit(value)).toEqual({
      data: [{ secret: '[redacted]', url: 'https://x' }],
      accessToken: '[redacted]',
      api_key: '[redacted]',
      token: '[redacted]',
      next_token: 'cursor',
      idempotency_key: 'idem',
      nested: { 'X-Api-Key': '[redacted]', count: 1 },
    });
    expect(['password', 'client_secret', 'signature'].every(isSecretFieldName)).toBe(true);
    expect(['video_id', 'status', 'monkey_business'].some(isSecretFieldName)).toBe(false);
  });

  it('returns the same object when nothing needs redacting', () => {
    const value = { list: [{ id: 1 }], ok: true };
    expect(redactForAudit(value)).toBe(value);
  });

  it('scrubs known secrets anywhere and caps large values with a marker', () => {
    expect(auditJson({ note: 'key hg-live-123456789 leaked' }, { secrets: ['hg-live-123456789'] })).toBe(
      '{"note":"key [redacted] leaked"}',
    );
    const big = auditJson({ text: 'x'.repeat(10_000) }, { capBytes: 1024 });
    const parsed = JSON.parse(big!);
    expect(parsed).toMatchObject({ truncated: true, bytes: 10_011 });
    expect(big!.length).toBeLessThanOrEqual(1024 + 64);
    expect(auditJson(undefined)).toBeNull();
  });
});
