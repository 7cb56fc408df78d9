import { describe, expect, it } from 'vitest';
import { formatResult } from './format-result.ts';

describe('formatResult', () => {
  it('puts ids and status first, reads Unix timestamps as dates, flattens nested objects, drops nulls', () => {
    const text = formatResult({
      title: 'Demo',
      created_at: 1796588957,
      status: 'completed',
      video_id: 'v1',
      failure_message: null,
      wallet: { currency: 'credits', remaining_balance: 10 },
    });
    expect(text.split('\n')).toEqual([
      'status                    completed',
      'video_id                  v1',
      'title                     Demo',
      'created_at                2026-12-06T20:29:17.000Z',
      'wallet.currency           credits',
      'wallet.remaining_balance  10',
      '',
    ]);
  });

  it("lists rows as a table led by each row's own id, not an id every row shares", () => {
    const text = formatResult({
      data: [
        { group_id: 'g', id: 'a', name: 'One', preview_url: 'https://x/1' },
        { group_id: 'g', id: 'b', name: 'Two', preview_url: 'https://x/2' },
      ],
      has_more: false,
    });
    expect(text).toBe(
      'has_more  false\n\ndata: 2 items\n  ID  NAME  GROUP_ID  PREVIEW_URL\n  a   One   g         https://x/1\n  b   Two   g         https://x/2\n',
    );
  });
});
