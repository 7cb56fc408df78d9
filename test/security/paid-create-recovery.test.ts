import { beforeAll, describe, expect, it } from 'vitest';
import { faultVariants } from '../../src/emulator/index.ts';
import {
  paidCreates,
  runFaultMatrix,
  runHonest429,
  summarizeMatrix,
  type Honest429Cell,
  type MatrixCell,
} from '../routing/fault-matrix.ts';

/**
 * The attacker (or just an unlucky network) makes a paid create lose its answer, and a naive agent retries until
 * it has its job: every paid create in the catalog × the 17 faults of the emulator (issue 10 item 6, ADR 0018).
 * The money must be spent once, and an agent whose job exists must get it — unless HeyGen itself offers no way
 * to find or replay the create, which the list below names, one by one.
 */

/**
 * What recovery means where HeyGen neither replays nor lists (ADR 0053), one create at a time. Adding a paid
 * create to the catalog that lands here fails this suite until it is listed, with its reason in the ADR.
 */
const expectedWithoutReplayOrLookup = {
  // The product is the answer (speech audio, designed voices, a preview, legacy session credentials): HeyGen keeps
  // no job, so a lost answer leaves nothing charged to find; a new idempotency key buys it again.
  inline: [
    'voice_create',
    'voice_speech_create',
    'generate_speech_starfish',
    'generate_voice_audio_preview',
    'streaming_new',
  ].sort(),
  // Live sessions HeyGen lists nowhere and ends by itself (30 s without text, 1 h at most).
  session: ['avatar_realtime_create', 'new_streaming_session'].sort(),
  // A lasting change nothing shows: the sunset v2 upscale works on the look it names, and only v2 said whether
  // a look was upscaled (ADR 0057). Video batches are found by their items' titles, the v2 motion step as the
  // new look in its source's group.
  none: ['upscale_avatar'],
};

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
    expect(summary.byRecovery.inline.sort()).toEqual(expectedWithoutReplayOrLookup.inline);
    expect(summary.byRecovery.session.sort()).toEqual(expectedWithoutReplayOrLookup.session);
    expect(summary.byRecovery.none.sort()).toEqual(expectedWithoutReplayOrLookup.none);
    // Voice clones are found by a snapshot of the account's voices taken before the send, video batches by the
    // titles of their items, motion looks by a snapshot of their source's group.
    expect(summary.byRecovery.lookup).toContain('voice_clone_create');
    expect(summary.byRecovery.lookup).toContain('video_batch_create');
    expect(summary.byRecovery.lookup).toContain('add_motion_to_photo_avatar');
    // Most creates are replayed by HeyGen itself now (May 2026): the key carries the recovery.
    expect(summary.byRecovery.key.length).toBeGreaterThan(summary.byRecovery.lookup.length);
  });

  it('never pays twice: 0 duplicate jobs under every fault HeyGen’s contract allows', () => {
    const duplicated = cells.filter((cell) => cell.fault !== '429-after' && cell.duplicates > 0);
    expect(duplicated.map((cell) => `${cell.tool} ${cell.fault}: ${cell.duplicates}`)).toEqual([]);
    // A key is only ever repeated with the body it was first sent with.
    expect(summarizeMatrix(cells).keyMismatches).toBe(0);
  });

  it('never pays twice after a lying 429 (work done, then 429) for every create that can be checked', () => {
    const lied = cells.filter((cell) => cell.fault === '429-after');
    expect(lied).toHaveLength(paidCreates().length);
    // Keyed and field-deduplicated creates are re-asked on the 429's account with the same key (HeyGen replays
    // the job it made); listed ones are looked up there (ADRs 0053, 0058).
    const checkable = lied.filter((cell) => ['key', 'field', 'lookup'].includes(cell.recovery));
    expect(checkable.length).toBeGreaterThan(20);
    expect(checkable.filter((cell) => cell.duplicates > 0).map((cell) => cell.tool)).toEqual([]);
    for (const cell of checkable) expect(cell.outcome, cell.tool).toBe('ok');
    for (const cell of checkable.filter((each) => each.recovery !== 'lookup'))
      expect(cell.replayedByHeyGen, cell.tool).toBeGreaterThan(0);
    // What is left has nothing to check a 429 with (no key, no list): the 429 is trusted, by name (ADR 0058).
    const unverifiable = [
      ...expectedWithoutReplayOrLookup.inline,
      ...expectedWithoutReplayOrLookup.session,
      ...expectedWithoutReplayOrLookup.none,
    ].sort();
    expect(
      lied
        .filter((cell) => cell.duplicates > 0)
        .map((cell) => cell.tool)
        .sort(),
    ).toEqual(unverifiable);
  });

  it('never leaves an agent with outcome_unknown when the job exists and HeyGen can replay or list it', () => {
    const stuck = cells.filter(
      (cell) => ['key', 'field', 'lookup'].includes(cell.recovery) && cell.outcome !== 'ok',
    );
    expect(stuck.map((cell) => `${cell.tool} ${cell.fault}: ${cell.outcome}`)).toEqual([]);
    // The lost answers were recovered the way each create allows.
    const lostAnswers = cells.filter((cell) => cell.fault.endsWith('-after') && cell.fault !== '429-after');
    for (const cell of lostAnswers) {
      if (cell.recovery === 'key' || cell.recovery === 'field')
        expect(cell.replayedByHeyGen).toBeGreaterThan(0);
      if (cell.recovery === 'lookup') expect(cell.reconciled, `${cell.tool} ${cell.fault}`).toBe(true);
    }
  });

  it('keeps a create without replay or lookup unknown rather than sending it twice', () => {
    const unfindable = ['inline', 'session', 'none'];
    for (const cell of cells.filter(
      (each) => unfindable.includes(each.recovery) && each.fault !== '429-after',
    )) {
      expect(cell.duplicates, `${cell.tool} ${cell.fault}`).toBe(0);
      expect(['ok', 'outcome_unknown']).toContain(cell.outcome);
    }
  });

  it('answers an identical retry of a finished create from the ledger, without asking HeyGen', () => {
    expect(summarizeMatrix(cells).identicalRetriesNotReplayed).toBe(0);
  });
});

describe('an honest 429 (HeyGen refused before doing anything)', () => {
  let honest: Honest429Cell[];
  beforeAll(async () => {
    honest = await runHonest429();
  }, 600_000);

  it('still moves every create that may move to the other account, and nothing is made twice', () => {
    expect(honest).toHaveLength(paidCreates().length);
    // The creates whose input holds ids of the first account cannot move, whatever the 429 (portability).
    const stayed = honest.filter((cell) => !cell.fellBack);
    for (const cell of stayed) expect(cell.outcome, cell.tool).toBe('rate_limited');
    expect(honest.filter((cell) => cell.fellBack).length).toBeGreaterThan(stayed.length);
    for (const cell of honest) expect(cell.processedOnLimited, cell.tool).toBe(0);
  });

  it('costs a keyed or field-deduplicated create one re-ask on the rate-limited account, and no other create any', () => {
    for (const cell of honest) {
      const rechecked = cell.recovery === 'key' || cell.recovery === 'field';
      expect(cell.createsToLimited, cell.tool).toBe(rechecked ? 2 : 1);
      if (!['lookup'].includes(cell.recovery)) expect(cell.readsToLimited, cell.tool).toBe(0);
    }
    const video = honest.find((cell) => cell.tool === 'video_create');
    expect(video).toMatchObject({ outcome: 'ok', fellBack: true, createsToLimited: 2 });
  });
});
