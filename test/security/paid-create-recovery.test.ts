import { beforeAll, describe, expect, it } from 'vitest';
import { faultVariants } from '../../src/emulator/index.ts';
import { paidCreates, runFaultMatrix, summarizeMatrix, type MatrixCell } from '../routing/fault-matrix.ts';

/**
 * The attacker (or just an unlucky network) makes a paid create lose its answer, and a naive agent retries until
 * it has its job: every paid create in the catalog × the 17 faults of the emulator (issue 10 item 6, ADR 0018).
 * The money must be spent once, and an agent whose job exists must get it — unless HeyGen itself offers no way
 * to find or replay the create, which the list below names, one by one.
 */

/**
 * Paid creates HeyGen gives no recovery path for (no Idempotency-Key, no dedup field, nothing to look the job up
 * by): a lost answer stays `outcome_unknown` rather than being paid twice. Adding a paid create to the catalog
 * without a recovery path fails this suite until it is listed here, with its reason in ADR 0018.
 */
const withoutRecoveryPath = [
  // No list of batches, and its videos do not name their batch.
  'video_batch_create',
  // Voice design: a search that returns voices, no job and nothing to look up.
  'voice_create',
  // The private voice list has names but no creation times, so a found clone may be an older one.
  'voice_clone_create',
  // Speech is returned inline: no job, no list.
  'voice_speech_create',
  'generate_speech_starfish',
  'generate_voice_audio_preview',
  // Legacy v1/v2 endpoints (motion, upscale) and the seed's streaming session opener now on Avatar Realtime: no
  // key, no list that identifies them.
  'add_motion_to_photo_avatar',
  'upscale_avatar',
  'new_streaming_session',
  'streaming_new',
  // Avatar Realtime: HeyGen documents no Idempotency-Key on the create and no list of streams to look one up.
  'avatar_realtime_create',
].sort();

describe('every paid create, every fault, a naive agent that retries', () => {
  let cells: MatrixCell[];
  beforeAll(async () => {
    cells = await runFaultMatrix();
  }, 600_000);

  it('covers every paid create of the catalog under all 17 faults', () => {
    expect(faultVariants).toHaveLength(17);
    const summary = summarizeMatrix(cells);
    expect(summary.creates).toBe(paidCreates().length);
    expect(summary.cells).toBe(paidCreates().length * 17);
    expect(summary.byRecovery.none.sort()).toEqual(withoutRecoveryPath);
    // Most creates are replayed by HeyGen itself now (May 2026): the key carries the recovery.
    expect(summary.byRecovery.key.length).toBeGreaterThan(summary.byRecovery.lookup.length);
  });

  it('never pays twice: 0 duplicate jobs under every fault HeyGen’s contract allows', () => {
    const duplicated = cells.filter((cell) => cell.fault !== '429-after' && cell.duplicates > 0);
    expect(duplicated.map((cell) => `${cell.tool} ${cell.fault}: ${cell.duplicates}`)).toEqual([]);
    // A key is only ever repeated with the body it was first sent with.
    expect(summarizeMatrix(cells).keyMismatches).toBe(0);
  });

  it('never leaves an agent with outcome_unknown when the job exists and HeyGen can replay or list it', () => {
    const stuck = cells.filter((cell) => cell.recovery !== 'none' && cell.outcome !== 'ok');
    expect(stuck.map((cell) => `${cell.tool} ${cell.fault}: ${cell.outcome}`)).toEqual([]);
    // The lost answers were recovered the way each create allows.
    const lostAnswers = cells.filter((cell) => cell.fault.endsWith('-after') && cell.fault !== '429-after');
    for (const cell of lostAnswers) {
      if (cell.recovery === 'key' || cell.recovery === 'field')
        expect(cell.replayedByHeyGen).toBeGreaterThan(0);
      if (cell.recovery === 'lookup') expect(cell.reconciled, `${cell.tool} ${cell.fault}`).toBe(true);
    }
  });

  it('keeps a create without a recovery path unknown rather than sending it twice', () => {
    for (const cell of cells.filter((each) => each.recovery === 'none' && each.fault !== '429-after')) {
      expect(cell.duplicates, `${cell.tool} ${cell.fault}`).toBe(0);
      expect(['ok', 'outcome_unknown']).toContain(cell.outcome);
    }
  });

  it('answers an identical retry of a finished create from the ledger, without asking HeyGen', () => {
    expect(summarizeMatrix(cells).identicalRetriesNotReplayed).toBe(0);
  });
});
