import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, genesisHash } from './audit-hash.ts';

const record = {
  seq: 7,
  time: '2026-01-01T00:00:00.000Z',
  user: null,
  personaId: 'ps_1',
  personaName: 'agent',
  surface: 'mcp',
  prompt: 'why "quoted"\n',
  tool: 'video_get',
  account: 'default',
  fallbackFrom: null,
  arguments: '{"video_id":"v"}',
  response: null,
  error: '{"code":"not_found"}',
  outcome: 'error' as const,
  requestId: null,
  latencyMs: 1.25,
  credits: null,
  prevHash: genesisHash,
};

describe('audit hash', () => {
  it('is SHA-256 of the canonical JSON of the record with chain version 1', () => {
    const expected = createHash('sha256')
      .update(canonicalJson({ v: 1, ...record }))
      .digest('hex');
    expect(auditHash(record)).toBe(expected);
  });

  it('changes with any field and ignores key order', () => {
    expect(auditHash({ ...record, prompt: 'other' })).not.toBe(auditHash(record));
    expect(auditHash({ ...record, prevHash: 'f'.repeat(64) })).not.toBe(auditHash(record));
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: undefined }] })).toBe(
      '{"a":[2,{"c":null,"d":null}],"b":1}',
    );
  });

  it('hashes a record with routing as chain version 2 and leaves records without it at version 1', () => {
    const routing = '{"attempts":[],"replayed":true}';
    const expected = createHash('sha256')
      .update(canonicalJson({ v: 2, ...record, routing }))
      .digest('hex');
    expect(auditHash({ ...record, routing })).toBe(expected);
    // Records written before migration 3 (no routing) and unrouted ones keep their version-1 hash.
    expect(auditHash({ ...record, routing: null })).toBe(auditHash(record));
    // Dropping or editing the routing of a version-2 record changes its hash.
    expect(auditHash({ ...record, routing: '{"attempts":[]}' })).not.toBe(expected);
  });

  it('hashes admin records, context and USD cost as chain version 3 and leaves older shapes alone', () => {
    const extra = { kind: 'admin' as const, context: '{"task":"t1"}', costUsd: 0.5 };
    const expected = createHash('sha256')
      .update(canonicalJson({ v: 3, ...record, routing: null, ...extra }))
      .digest('hex');
    expect(auditHash({ ...record, ...extra })).toBe(expected);
    // A plain call record (kind `call`, no context, no cost) keeps its version-1 hash.
    expect(auditHash({ ...record, kind: 'call', context: null, costUsd: null })).toBe(auditHash(record));
    for (const change of [{ kind: 'call' as const }, { context: '{"task":"t2"}' }, { costUsd: 0.25 }])
      expect(auditHash({ ...record, ...extra, ...change })).not.toBe(expected);
  });
});
