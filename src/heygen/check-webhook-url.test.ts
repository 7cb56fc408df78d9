import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { checkWebhookUrl } from './check-webhook-url.ts';

const strict = { allowLoopbackHttp: false };
const sandbox = { allowLoopbackHttp: true };

function refusedField(tool: string, url: unknown, options = strict): string | undefined {
  try {
    checkWebhookUrl(tool, { url }, options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).field;
  }
}

describe('checkWebhookUrl', () => {
  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>',
    'file:///etc/passwd',
    'ftp://hooks.example.com/x',
    'http://hooks.example.com/x',
    'https://user:pw@hooks.example.com/x',
    'not a url',
  ])('refuses %s on create and update', (url) => {
    expect(refusedField('webhook_endpoint_create', url)).toBe('url');
    expect(refusedField('webhook_endpoint_update', url)).toBe('url');
  });

  it('accepts https, and plain http only on loopback in sandbox mode', () => {
    expect(refusedField('webhook_endpoint_create', 'https://hooks.example.com/heygen')).toBeUndefined();
    expect(refusedField('webhook_endpoint_create', 'http://127.0.0.1:4000/webhooks/heygen/default')).toBe(
      'url',
    );
    for (const url of ['http://127.0.0.1:4000/w', 'http://localhost:4000/w', 'http://[::1]:4000/w']) {
      expect(refusedField('webhook_endpoint_create', url, sandbox)).toBeUndefined();
    }
    expect(refusedField('webhook_endpoint_create', 'http://10.0.0.1/w', sandbox)).toBe('url');
    expect(refusedField('webhook_endpoint_create', 'http://hooks.example.com/w', sandbox)).toBe('url');
  });

  it('holds every callback_url of a create to the same rule, batch items included', () => {
    const refused = (input: unknown, options = strict) => {
      try {
        checkWebhookUrl('video_create', input, options);
        return undefined;
      } catch (error) {
        return (error as InvalidInputError).field;
      }
    };
    expect(refused({ callback_url: 'javascript:alert(1)' })).toBe('callback_url');
    expect(refused({ callback_url: 'http://hooks.example.com/x' })).toBe('callback_url');
    expect(
      refused({ videos: [{ callback_url: 'https://ok.example.com' }, { callback_url: 'data:,x' }] }),
    ).toBe('videos.1.callback_url');
    expect(refused({ callback_url: 'https://hooks.example.com/x' })).toBeUndefined();
    expect(refused({ callback_url: 'http://127.0.0.1:4000/cb' }, sandbox)).toBeUndefined();
    expect(refused({ callback_url: null })).toBeUndefined();
  });

  it('leaves other tools and an update without url alone', () => {
    expect(refusedField('video_create', 'javascript:alert(1)')).toBeUndefined();
    expect(() => checkWebhookUrl('webhook_endpoint_update', { endpoint_id: 'e' }, strict)).not.toThrow();
  });
});
