import { catalog, type ToolDefinition } from '../../src/catalog/index.ts';
import { faultVariants } from '../../src/emulator/index.ts';
import { recoveryPath, type RecoveryPath, type RouteResult } from '../../src/gateway/router/index.ts';
import { createHeyGenClient } from '../../src/heygen/index.ts';
import type { StartedEmulator } from '../../src/test/emulator.ts';
import { createFixtures } from '../contract/create-fixtures.ts';
import { callWithGeneratedInput } from '../contract/generated-call.ts';
import { createRoutingHarness, type OutgoingRequest, type RoutingHarness } from './routing-harness.ts';

/**
 * The fault matrix of issue 10 (ADR 0018): every paid create in the catalog × every fault the emulator can
 * inject (17: each kind before processing, and after it — the lost answer), each driven by a naive agent that
 * retries whatever fails with the same arguments. Per cell it counts the jobs HeyGen made beyond the one the
 * call asked for (must be 0) and whether the agent was left with `outcome_unknown` although the job exists.
 * Shared by the test (test/security/paid-create-recovery.test.ts) and the benchmark that writes the figures
 * (bench/fault-matrix.ts).
 */

/** Paid creates: non-repeatable writes that start a job or cost money (what the router's ledger takes). */
export function paidCreates(tools: readonly ToolDefinition[] = catalog): ToolDefinition[] {
  return tools.filter(
    (tool) =>
      tool.access !== 'read' &&
      !tool.idempotent &&
      // Text appended to a live stream is a new piece each time, never deduplicated (the router keeps it out of
      // its ledger too); the stream's create is the paid call.
      !tool.sequential &&
      tool.implementation.kind !== 'wait' &&
      (tool.job !== undefined || tool.cost !== undefined),
  );
}

/** One cell: a paid create under one fault. */
export interface MatrixCell {
  tool: string;
  fault: string;
  /** How the create recovers a lost answer (key, field, lookup or none). */
  recovery: RecoveryPath['kind'];
  /** `ok`, or the error code the agent was left with after its last try. */
  outcome: string;
  /** Calls the agent made. */
  tries: number;
  /** Requests HeyGen processed for the cell (creates and inner creates; replays excluded). */
  processed: number;
  /** What one fault-free call of the same create processes. */
  footprint: number;
  /** `processed - footprint` when above 0: work done twice. */
  duplicates: number;
  /** The agent ended with `outcome_unknown` although HeyGen made the job. */
  unknownWithJob: boolean;
  /** Answered by a lookup (`reconciled`) at some try. */
  reconciled: boolean;
  /** Sends HeyGen answered from its Idempotency-Key (or dedup field) memory. */
  replayedByHeyGen: number;
  /** Repeats of a key whose first request had another body (must be 0: keys are bound to the request). */
  keyMismatches: number;
  /** After the job was returned, the same call once more was answered from the ledger (no new work). */
  identicalRetryReplayed: boolean | null;
}

/** Options of {@link runFaultMatrix}. */
export interface FaultMatrixOptions {
  /** Creates to run (default: every paid create in the catalog). */
  tools?: readonly ToolDefinition[];
  /** Faults to inject (default: all 17). */
  faults?: readonly string[];
  /** How many of the create's first requests in a cell get the fault (default 2: the send and the client's retry). */
  faultedRequests?: number;
  /** Tries of the naive agent (default 8). */
  maxTries?: number;
}

/** Runs the matrix; one harness (two emulator accounts) per create, one persona per cell. */
export async function runFaultMatrix(options: FaultMatrixOptions = {}): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const tool of options.tools ?? paidCreates()) cells.push(...(await runTool(tool, options)));
  return cells;
}

/** The create's own requests: its method on its path (path parameters as any segment). */
function requestMatcher(tool: ToolDefinition): (request: { method: string; path: string }) => boolean {
  const pattern = new RegExp(`^${tool.endpoint.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return (request) => request.method === tool.endpoint.method && pattern.test(request.path);
}

async function runTool(tool: ToolDefinition, options: FaultMatrixOptions): Promise<MatrixCell[]> {
  let inject: ((request: OutgoingRequest) => string | undefined) | undefined;
  const harness = await createRoutingHarness({
    inject: (request) => inject?.(request),
    // The manual clock runs only when the agent waits; lift the render cap so earlier cells never block later ones.
    rateLimit: { concurrentJobs: 10_000 },
  });
  try {
    for (const account of harness.accounts)
      harness.emulator.setCredits(harness.keyOf(account), Number.MAX_SAFE_INTEGER);
    const input = await validInput(tool, harness);
    const recovery = recoveryPath(tool, catalog).kind;
    const clean = await runCell(harness, tool, input, 'none', 1, options);
    if (clean.outcome !== 'ok')
      throw new Error(`${tool.name}: the fault-free call failed (${clean.outcome})`);
    const footprint = clean.processed;
    const cells: MatrixCell[] = [];
    const isCreate = requestMatcher(tool);
    for (const fault of options.faults ?? faultVariants) {
      let faulted = 0;
      inject = (request) => {
        if (request.method === 'GET' || !isCreate(request)) return undefined;
        if (faulted >= (options.faultedRequests ?? 2)) return undefined;
        faulted += 1;
        return fault;
      };
      const cell = await runCell(harness, tool, input, fault, footprint, options);
      inject = undefined;
      cells.push({ ...cell, recovery });
    }
    return cells;
  } finally {
    await harness.close();
  }
}

/** One create under an honest 429: account `one` refuses every create request before doing anything. */
export interface Honest429Cell {
  tool: string;
  recovery: RecoveryPath['kind'];
  /** `ok`, or the error code the call ended with. */
  outcome: string;
  /** The call ended on account `two`: the 429 kept its fallback. */
  fellBack: boolean;
  /** Create requests (non-GET) sent to the rate-limited account. */
  createsToLimited: number;
  /** Reads sent to the rate-limited account (snapshots and lookups checking the 429). */
  readsToLimited: number;
  /** Writes the rate-limited account processed (0: an honest 429 does no work, and the re-ask is refused too). */
  processedOnLimited: number;
}

/**
 * What an honest 429 costs each paid create: account `one` answers 429 to every create request (before any work,
 * as HeyGen's contract says), once per create, on one call. Counts what was sent to the rate-limited account and
 * whether the call still moved to account `two` (bench/fault-matrix.ts reports it; ADR 0058).
 */
export async function runHonest429(
  tools: readonly ToolDefinition[] = paidCreates(),
): Promise<Honest429Cell[]> {
  const cells: Honest429Cell[] = [];
  for (const tool of tools) {
    const isCreate = requestMatcher(tool);
    let limited = false;
    const sentToLimited = { creates: 0, reads: 0 };
    const harness = await createRoutingHarness({
      inject: (request) => {
        if (!limited || request.account !== 'one') return undefined;
        if (request.method === 'GET') sentToLimited.reads += 1;
        else sentToLimited.creates += 1;
        return request.method !== 'GET' && isCreate(request) ? '429=30' : undefined;
      },
      rateLimit: { concurrentJobs: 10_000 },
    });
    try {
      const input = await validInput(tool, harness);
      harness.clock.advance(betweenCells);
      const limitedKey = { key: harness.keyOf('one') };
      const logged = harness.emulator.inspect.requests(limitedKey).length;
      limited = true;
      const persona = { id: 'ps_honest_429', name: 'agent-honest-429', accounts: [] };
      const result = await harness.call(tool.name, input, { persona });
      const processed = harness.emulator.inspect
        .requests(limitedKey)
        .slice(logged)
        .filter((entry) => entry.method !== 'GET' && entry.processed);
      cells.push({
        tool: tool.name,
        recovery: recoveryPath(tool, catalog).kind,
        outcome: result.ok ? 'ok' : result.error.code,
        fellBack: result.ok && result.account === 'two',
        createsToLimited: sentToLimited.creates,
        readsToLimited: sentToLimited.reads,
        processedOnLimited: processed.length,
      });
    } finally {
      await harness.close();
    }
  }
  return cells;
}

/** A valid input for the create on account `one`, with fixtures made there (ids, media, sessions). */
async function validInput(tool: ToolDefinition, harness: RoutingHarness): Promise<Record<string, unknown>> {
  const { emulator } = harness;
  const fetch = emulator.fetch.bind(emulator) as typeof globalThis.fetch;
  const clientOptions = {
    apiKey: harness.keyOf('one'),
    baseUrl: 'http://emulator.local',
    uploadBaseUrl: 'http://emulator.local',
    fetch,
    clock: emulator.clock,
    sleep: async (ms: number) => emulator.clock.advance(Math.max(0, ms)),
  };
  const started: StartedEmulator = {
    emulator,
    apiKey: clientOptions.apiKey,
    baseUrl: clientOptions.baseUrl,
    uploadBaseUrl: clientOptions.uploadBaseUrl,
    fetch,
    clientOptions,
    advance: (ms) => emulator.clock.advance(ms),
    close: async () => {},
  };
  const client = createHeyGenClient({ ...clientOptions, legacyCalls: 'send' });
  const fixtures = createFixtures({ started, client });
  // A first call outside the router proves the input (and adds the optional fields HeyGen asks for).
  const { input } = await callWithGeneratedInput(tool, { fixtures, started, client });
  return input;
}

/** Ten minutes and a bit: older jobs are outside every lookup's window, so cells never see each other's jobs. */
const betweenCells = 11 * 60_000;

async function runCell(
  harness: RoutingHarness,
  tool: ToolDefinition,
  input: Record<string, unknown>,
  fault: string,
  footprint: number,
  options: FaultMatrixOptions,
): Promise<MatrixCell> {
  harness.clock.advance(betweenCells);
  const logged = harness.emulator.inspect.requests().length;
  // One persona per cell: its fingerprint (ledger key, Idempotency-Key) is its own.
  const persona = { id: `ps_${fault}`, name: `agent-${fault}`, accounts: [] };
  const maxTries = options.maxTries ?? 8;
  let result: RouteResult | undefined;
  let tries = 0;
  let reconciled = false;
  while (tries < maxTries) {
    tries += 1;
    result = await harness.call(tool.name, input, { persona });
    reconciled ||= result.ok && result.reconciled === true;
    if (result.ok) break;
    // The naive agent waits as it is told (at most a minute), then asks again with the same arguments.
    const wait = Math.min(60_000, result.error.retryAfterMs ?? 1_000) + 1_000;
    harness.clock.advance(wait);
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The agent, having its job, asks once more with the same arguments: the ledger answers, HeyGen is not asked.
  let identicalRetryReplayed: boolean | null = null;
  if (result?.ok) {
    const again = await harness.call(tool.name, input, { persona });
    identicalRetryReplayed = again.ok && again.replayed === true;
  }
  const cell = harness.emulator.inspect.requests().slice(logged);
  const processed = cell.filter((entry) => entry.method !== 'GET' && entry.processed).length;
  const made = cell.some((entry) => entry.processed && isCreateEntry(tool, entry));
  const outcome = result?.ok ? 'ok' : (result?.error.code ?? 'none');
  return {
    tool: tool.name,
    fault,
    recovery: 'none',
    outcome,
    tries,
    processed,
    footprint,
    duplicates: Math.max(0, processed - footprint),
    unknownWithJob: outcome === 'outcome_unknown' && made && tool.job !== undefined,
    reconciled,
    replayedByHeyGen: cell.filter((entry) => entry.method !== 'GET' && entry.replayed).length,
    keyMismatches: cell.filter((entry) => entry.idempotencyMismatch).length,
    identicalRetryReplayed,
  };
}

function isCreateEntry(tool: ToolDefinition, entry: { method: string; path: string }): boolean {
  return entry.method !== 'GET' && (requestMatcher(tool)(entry) || tool.implementation.kind === 'composite');
}

/** The figures of a matrix run (the note and bench/results/fault-matrix.json quote them). */
export interface MatrixSummary {
  creates: number;
  faults: number;
  cells: number;
  /** Creates by recovery path. */
  byRecovery: Record<RecoveryPath['kind'], string[]>;
  /** Work done twice, in every cell but `429-after`. */
  duplicates: number;
  /**
   * Work done twice under `429-after` (HeyGen processes the create, then answers 429 — against its own contract,
   * which heygate trusts to move a create to another account or send it again).
   */
  duplicatesAfterLying429: number;
  /**
   * Cells whose agent ended with `outcome_unknown` although the job exists: creates HeyGen replays or lists
   * (must be 0), lasting jobs nothing identifies (`none`), live sessions that lapse by themselves (`session`,
   * ADR 0053).
   */
  unknownWithJob: { recoverable: number; withoutRecoveryPath: number; lapsingSessions: number };
  /**
   * Cells of creates whose product is the answer itself (`inline`: speech, designed voices) that ended with
   * `outcome_unknown` after HeyGen did the work: no job is left to find (ADR 0053).
   */
  lostInlineAnswers: number;
  /** Cells whose agent ended without its result, by error code. */
  unresolved: Record<string, number>;
  reconciledByLookup: number;
  replayedByHeyGen: number;
  keyMismatches: number;
  /** Cells that ended ok whose identical follow-up call was not answered from the ledger. */
  identicalRetriesNotReplayed: number;
}

/** Sums a matrix run. */
export function summarizeMatrix(cells: readonly MatrixCell[]): MatrixSummary {
  const tools = [...new Map(cells.map((cell) => [cell.tool, cell.recovery])).entries()];
  const byRecovery: MatrixSummary['byRecovery'] = {
    key: [],
    field: [],
    lookup: [],
    inline: [],
    session: [],
    none: [],
  };
  for (const [tool, recovery] of tools) byRecovery[recovery].push(tool);
  const sum = (pick: (cell: MatrixCell) => number) => cells.reduce((total, cell) => total + pick(cell), 0);
  const unresolved: Record<string, number> = {};
  for (const cell of cells)
    if (cell.outcome !== 'ok') unresolved[cell.outcome] = (unresolved[cell.outcome] ?? 0) + 1;
  return {
    creates: tools.length,
    faults: new Set(cells.map((cell) => cell.fault)).size,
    cells: cells.length,
    byRecovery,
    duplicates: sum((cell) => (cell.fault === '429-after' ? 0 : cell.duplicates)),
    duplicatesAfterLying429: sum((cell) => (cell.fault === '429-after' ? cell.duplicates : 0)),
    unknownWithJob: {
      recoverable: cells.filter(
        (cell) => cell.unknownWithJob && ['key', 'field', 'lookup'].includes(cell.recovery),
      ).length,
      withoutRecoveryPath: cells.filter((cell) => cell.unknownWithJob && cell.recovery === 'none').length,
      lapsingSessions: cells.filter((cell) => cell.unknownWithJob && cell.recovery === 'session').length,
    },
    lostInlineAnswers: cells.filter(
      (cell) => cell.recovery === 'inline' && cell.outcome === 'outcome_unknown' && cell.processed > 0,
    ).length,
    unresolved,
    reconciledByLookup: cells.filter((cell) => cell.reconciled).length,
    replayedByHeyGen: sum((cell) => cell.replayedByHeyGen),
    keyMismatches: sum((cell) => cell.keyMismatches),
    identicalRetriesNotReplayed: cells.filter((cell) => cell.outcome === 'ok' && !cell.identicalRetryReplayed)
      .length,
  };
}
