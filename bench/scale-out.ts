/**
 * Scale-out: audited calls per second of one and of two gateway processes on one Postgres, beside one process on
 * SQLite, measured in the same run (issue 17; goal: two processes on Postgres ≥ 2,500 audited calls/s together,
 * added p50 ≤ 0.4 ms per call).
 *
 * Run: `npx node bench/scale-out.ts [seconds] [concurrency]` → bench/results/scale-out.json
 *
 * Method: each process is a real child process with its own gateway (persona token, full router, audit chain) and
 * its own in-process emulator, so HeyGen costs no network time; what the processes share is the database. Each
 * runs a closed loop of `user_me_get` calls with `concurrency` in flight for `seconds`, then the same one at a time
 * beside bare client calls (added latency = gateway p50 − bare p50). On Postgres each pair is followed by a bare
 * call and one `SELECT 1` on a connection of its own: the p50 of that round trip is the least any audit record
 * committed before the answer can add here. After each case the audit chain is verified and must hold exactly the
 * calls made.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createGateway } from '../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import { createPostgresStore } from '../src/store/postgres-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { auditHash } from '../src/store/audit-hash.ts';
import type { AuditRecord, Store } from '../src/store/store.ts';
import { verifyAuditChain } from '../src/store/verify-audit-chain.ts';
import { startEmulator } from '../src/test/index.ts';
import { createKeyring } from '../src/vault/keyring.ts';
import { openVault } from '../src/vault/vault.ts';

const postgresUrl = process.env.HEYGATE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a process finds the shared database. */
interface Target {
  kind: 'postgres' | 'sqlite';
  /** Postgres schema, or SQLite file. */
  location: string;
  /** Postgres only: append as before ADR 0055 (a transaction holding the head's row lock), for comparison. */
  lockedAppend?: boolean;
  /** Postgres only: every audit record waits for the WAL flush (`HEYGATE_POSTGRES_SYNC_COMMIT=on`). */
  flushEveryRecord?: boolean;
  /**
   * Postgres only: each process works in a schema of its own (`<location>_<index>`: its own persona and audit
   * chain), so the processes share nothing but the server — what two processes cost each other on this machine
   * before any shared row, for comparison.
   */
  schemaPerProcess?: boolean;
}

interface WorkerFigures {
  calls: number;
  seconds: number;
  gatewayP50Ms: number;
  bareP50Ms: number;
  /** Postgres only: one `SELECT 1` on its own connection, right after a bare call (the least a record can cost). */
  roundTripP50Ms?: number;
  /** With `schemaPerProcess`: the process's own chain, verified, and the records its calls added to it. */
  chain?: { ok: boolean; records: number };
}

async function openTarget(target: Target): Promise<Store> {
  if (target.kind === 'sqlite') return createSqliteStore({ path: target.location });
  const store = await createPostgresStore({
    url: postgresUrl,
    schema: target.location,
    ...(target.flushEveryRecord ? { synchronousCommit: 'on' as const } : {}),
  });
  return target.lockedAppend ? { ...store, appendAudit: lockedAppend(target.location) } : store;
}

/** The append of ADR 0005 that ADR 0055 replaced: five round trips holding `audit_head`'s row lock. */
function lockedAppend(schema: string): Store['appendAudit'] {
  // idle_timeout: the worker process exits once its calls are done.
  const sql = postgres(postgresUrl, {
    max: 4,
    idle_timeout: 1,
    onnotice: () => {},
    connection: { search_path: schema },
  });
  return (entry) =>
    sql.begin(async (tx) => {
      const [head] = await tx`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`;
      const unsigned = { ...entry, seq: Number(head!.seq) + 1, prevHash: String(head!.hash) };
      const record: AuditRecord = { ...unsigned, hash: auditHash(unsigned) };
      await tx`INSERT INTO audit (seq, time, user_name, persona_id, persona_name, surface, prompt, tool, account,
        fallback_from, arguments, response, error, outcome, request_id, latency_ms, credits, routing, kind, context,
        cost_usd, prev_hash, hash)
        VALUES (${record.seq}, ${record.time}, ${record.user}, ${record.personaId}, ${record.personaName},
        ${record.surface}, ${record.prompt}, ${record.tool}, ${record.account}, ${record.fallbackFrom},
        ${record.arguments}, ${record.response}, ${record.error}, ${record.outcome}, ${record.requestId},
        ${record.latencyMs}, ${record.credits}, ${record.routing ?? null}, ${record.kind ?? 'call'},
        ${record.context ?? null}, ${record.costUsd ?? null}, ${record.prevHash}, ${record.hash})`;
      await tx`UPDATE audit_head SET seq = ${record.seq}, hash = ${record.hash} WHERE id = 1`;
      return record;
    });
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One gateway process: closed loop, then paired one-at-a-time calls. */
async function worker(
  shared: Target,
  index: number,
  sharedToken: string,
  masterKey: string,
  seconds: number,
  concurrency: number,
) {
  const target = shared.schemaPerProcess ? { ...shared, location: `${shared.location}_${index}` } : shared;
  const emulator = await startEmulator({ keys: ['bench-key-0000000001'] });
  const client = (apiKey: string) => createHeyGenClient({ ...emulator.clientOptions, apiKey, env: {} });
  const store = await openTarget(target);
  const vault = await openVault({
    keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: masterKey } }),
    storage: createStoreVaultStorage(store),
  });
  const gateway = createGateway({
    store,
    vault,
    clientFactory: (account) => client(account.apiKey ?? ''),
    defaultAccount: { apiKey: emulator.apiKey, source: 'bench' },
  });
  const bare = client(emulator.apiKey);
  const token = shared.schemaPerProcess
    ? (await gateway.personas.create({ name: 'bench', scopes: ['read'] })).token
    : sharedToken;
  const before = (await store.getAuditHead())?.seq ?? 0;
  const call = async () => {
    const result = await gateway.execute({
      tool: 'user_me_get',
      input: {},
      surface: 'library',
      personaToken: token,
    });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  };
  for (let index = 0; index < 200; index += 1) await call();
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const gatewayTimes: number[] = [];
  const bareTimes: number[] = [];
  const roundTrips: number[] = [];
  const probe =
    target.kind === 'postgres'
      ? postgres(postgresUrl, { max: 1, onnotice: () => {}, connection: { synchronous_commit: 'off' } })
      : undefined;
  if (probe) await probe`SELECT 1`;
  for (let index = 0; index < 500; index += 1) {
    let at = performance.now();
    await bare.call('user_me_get', {});
    bareTimes.push(performance.now() - at);
    at = performance.now();
    await call();
    gatewayTimes.push(performance.now() - at);
    if (!probe) continue;
    await bare.call('user_me_get', {});
    at = performance.now();
    await probe`SELECT 1`;
    roundTrips.push(performance.now() - at);
  }
  await probe?.end();
  const figures: WorkerFigures = {
    calls: calls + 700,
    seconds: elapsed,
    gatewayP50Ms: p50(gatewayTimes),
    bareP50Ms: p50(bareTimes),
    ...(probe ? { roundTripP50Ms: p50(roundTrips) } : {}),
  };
  if (shared.schemaPerProcess) {
    const chain = await verifyAuditChain(store);
    figures.chain = { ok: chain.ok, records: chain.head.seq - before };
  }
  process.send!({ figures: { ...figures, throughput: calls / elapsed } });
  await gateway.close();
  await store.close();
  await emulator.close();
}

/** Runs `processes` workers on `target` at once; their figures and the verified chain. */
async function runCase(target: Target, processes: number, seconds: number, concurrency: number) {
  const store = await openTarget(target);
  const masterKey = Buffer.alloc(32, 7).toString('base64');
  const vault = await openVault({
    keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: masterKey } }),
    storage: createStoreVaultStorage(store),
  });
  const setup = createGateway({
    store,
    vault,
    defaultAccount: { apiKey: 'unused-key-000000001', source: 'bench' },
  });
  const { token } = await setup.personas.create({
    name: `bench-${processes}-${Date.now()}`,
    scopes: ['read'],
  });
  const before = (await store.getAuditHead())?.seq ?? 0;

  const self = fileURLToPath(import.meta.url);
  const children = Array.from({ length: processes }, (_, index) =>
    fork(self, ['worker', JSON.stringify({ target, index, token, masterKey, seconds, concurrency })], {
      execArgv: process.execArgv,
    }),
  );
  // Listened for from the start: a worker may exit before the last one has sent its figures.
  const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  const ready = children.map(
    (child) =>
      new Promise<void>((resolve, reject) => {
        child.on('message', (message: { ready?: boolean }) => message.ready && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
      }),
  );
  await Promise.all(ready);
  const results = children.map(
    (child) =>
      new Promise<WorkerFigures & { throughput: number }>((resolve, reject) => {
        child.on('message', (message: { figures?: WorkerFigures & { throughput: number } }) => {
          if (message.figures) resolve(message.figures);
        });
        child.once('exit', (code) => code === 0 || reject(new Error(`worker exited with ${code}`)));
      }),
  );
  for (const child of children) child.send({ go: true });
  const figures = await Promise.all(results);
  await Promise.all(exited);

  const chain = target.schemaPerProcess
    ? {
        ok: figures.every((each) => each.chain!.ok),
        head: { seq: before + figures.reduce((sum, each) => sum + each.chain!.records, 0) },
      }
    : await verifyAuditChain(store);
  const recorded = chain.head.seq - before;
  const made = figures.reduce((sum, each) => sum + each.calls, 0);
  await setup.close();
  await store.close();
  const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    processes,
    auditedCallsPerSecond: Math.round(figures.reduce((sum, each) => sum + each.throughput, 0)),
    perProcess: figures.map((each) => Math.round(each.throughput)),
    addedP50Ms: round(p50(figures.map((each) => each.gatewayP50Ms - each.bareP50Ms))),
    ...(target.kind === 'postgres'
      ? { roundTripP50Ms: round(p50(figures.map((each) => each.roundTripP50Ms!))) }
      : {}),
    chain: { ok: chain.ok, records: recorded, expected: made },
  };
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  const concurrency = Number(process.argv[3] ?? 16);
  const loadAtStart = loadavg();
  const schema = `heygate_bench_scale_${process.pid}`;
  const home = mkdtempSync(join(tmpdir(), 'heygate-scale-'));
  const cases: Record<string, unknown> = {};
  try {
    const sqlite: Target = { kind: 'sqlite', location: join(home, 'heygate.db') };
    cases.sqliteOneProcess = await runCase(sqlite, 1, seconds, concurrency);
    process.stderr.write(`sqlite ×1: ${JSON.stringify(cases.sqliteOneProcess)}\n`);
    const postgresTarget: Target = { kind: 'postgres', location: schema };
    cases.postgresOneProcess = await runCase(postgresTarget, 1, seconds, concurrency);
    process.stderr.write(`postgres ×1: ${JSON.stringify(cases.postgresOneProcess)}\n`);
    cases.postgresTwoProcesses = await runCase(postgresTarget, 2, seconds, concurrency);
    process.stderr.write(`postgres ×2: ${JSON.stringify(cases.postgresTwoProcesses)}\n`);
    const apart: Target = { ...postgresTarget, schemaPerProcess: true };
    cases.postgresTwoProcessesSharingOnlyTheServer = await runCase(apart, 2, seconds, concurrency);
    process.stderr.write(
      `postgres ×2, a schema each: ${JSON.stringify(cases.postgresTwoProcessesSharingOnlyTheServer)}\n`,
    );
    const flushing: Target = { ...postgresTarget, flushEveryRecord: true };
    cases.postgresTwoProcessesFlushEveryRecord = await runCase(flushing, 2, seconds, concurrency);
    process.stderr.write(
      `postgres ×2, every record flushed: ${JSON.stringify(cases.postgresTwoProcessesFlushEveryRecord)}\n`,
    );
    const locked: Target = { ...postgresTarget, lockedAppend: true };
    cases.postgresOneProcessLockedAppend = await runCase(locked, 1, seconds, concurrency);
    process.stderr.write(
      `postgres ×1, locked append: ${JSON.stringify(cases.postgresOneProcessLockedAppend)}\n`,
    );
    cases.postgresTwoProcessesLockedAppend = await runCase(locked, 2, seconds, concurrency);
    process.stderr.write(
      `postgres ×2, locked append: ${JSON.stringify(cases.postgresTwoProcessesLockedAppend)}\n`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
    const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
    for (const each of [schema, `${schema}_0`, `${schema}_1`])
      await admin.unsafe(`DROP SCHEMA IF EXISTS "${each}" CASCADE`).catch(() => {});
    await admin.end();
  }
  const result = {
    benchmark: 'scale-out',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadAverageAtStart: loadAtStart.map((value) => Math.round(value * 100) / 100),
    method: `closed loop of user_me_get with a persona token, ${concurrency} in flight per process for ${seconds} s; added p50 from 500 paired one-at-a-time calls; on Postgres, roundTripP50Ms is one SELECT 1 after a bare call, in the same loop`,
    goal: { postgresTwoProcessesCallsPerSecond: 2500, addedP50Ms: 0.4 },
    ...cases,
  };
  const out = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'scale-out.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[2] === 'worker') {
  const { target, index, token, masterKey, seconds, concurrency } = JSON.parse(process.argv[3]!) as {
    target: Target;
    index: number;
    token: string;
    masterKey: string;
    seconds: number;
    concurrency: number;
  };
  await worker(target, index, token, masterKey, seconds, concurrency);
} else {
  await main();
}
