import { randomBytes } from 'node:crypto';
import { createAccount, type Account } from './account.ts';
import { createMediaStore, type MediaStore } from './create-media-store.ts';
import { createPublicLibrary, type PublicLibrary } from './create-public-library.ts';
import { createRandom, hashToUint32, type EmulatorRandom } from './create-random.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './create-webhook-dispatcher.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { EmulatorError } from './emulator-error.ts';
import { jobActive, jobPhase, type Job } from './job.ts';

/** Settings of the emulator core (resolved from `EmulatorOptions`). */
export interface EmulatorCoreSettings {
  clock: EmulatorClock;
  seed: string | number;
  /** Processing time of every job (ms). */
  renderMs: number;
  /** Share of jobs that fail (0..1), decided per job id from the seed. */
  failureRate: number;
  /** Concurrent running jobs per key (HeyGen pay-as-you-go: 10). */
  concurrentJobs: number;
  startingCredits: number;
  webhookFetch?: typeof fetch;
  allowExternalWebhooks?: boolean;
}

/** What a job-starting handler asks for. */
export interface StartJobOptions {
  kind: string;
  /** Credits to charge (0 for free jobs). */
  credits?: number;
  /** Force the job to fail (request header `X-Emulator-Job-Outcome: failed` or a `#emulator-fail` marker). */
  forceFailure?: boolean;
  /** Start after this delay (ms) instead of now (queued batch items). */
  delayMs?: number;
  /** A batch item: queued behind the others instead of being refused at the concurrent-job limit. */
  queued?: boolean;
  /** Do not start until `resumeJob` (consent, chat input). */
  blocked?: boolean;
  /** Counts against the concurrent-job limit (default true). */
  concurrent?: boolean;
  /** Counts as a render in `inspect.renders` (default true when credits > 0). */
  render?: boolean;
  /** Processing time (ms); default the emulator's render time. */
  durationMs?: number;
  failure?: { code: string; message: string };
  onFinish?: (succeeded: boolean, at: number) => void;
}

/** The shared state and services every handler uses. */
export interface EmulatorCore {
  settings: EmulatorCoreSettings;
  clock: EmulatorClock;
  random: EmulatorRandom;
  library: PublicLibrary;
  media: MediaStore;
  webhooks: WebhookDispatcher;
  accounts: Map<string, Account>;
  /** Streaming session tokens (`POST /v1/streaming.create_token`) → API key and expiry (ms). */
  streamingTokens: Map<string, { key: string; expiresAt: number }>;
  /** A fresh 32-hex id. */
  newId(): string;
  /** A webhook signing secret, `whsec_…`. */
  newSecret(): string;
  /** Adds an account for a key (idempotent). */
  addAccount(key: string, credits?: number): Account;
  /**
   * Accepts a job for an account: checks the concurrent-job limit (429) and the balance (402), charges the
   * credits and schedules it on the clock.
   */
  startJob(account: Account, options: StartJobOptions): Job;
  /** Starts a blocked job now. */
  resumeJob(job: Job): void;
  /** Ends a job now (stop/cancel), as a failure with the given message. */
  endJob(job: Job, failure: { code: string; message: string }): void;
  /** Applies terminal side effects (refunds, webhooks) of every job that ended by `now`. */
  runDue(now?: number): void;
}

/** The default failure HeyGen-style jobs report. */
const defaultFailure = {
  code: 'internal_error',
  message: 'Rendering failed (simulated by the heygate emulator).',
};

/** Creates the core. */
export function createEmulatorCore(settings: EmulatorCoreSettings): EmulatorCore {
  const random = createRandom(settings.seed);
  const accounts = new Map<string, Account>();
  const newId = () => random.id();
  const media = createMediaStore({ clock: settings.clock, secret: randomBytes(32).toString('hex') });
  const webhooks = createWebhookDispatcher({
    clock: settings.clock,
    fetch: settings.webhookFetch,
    allowExternal: settings.allowExternalWebhooks,
    nextId: newId,
  });

  const core: EmulatorCore = {
    settings,
    clock: settings.clock,
    random,
    library: createPublicLibrary(settings.seed),
    media,
    webhooks,
    accounts,
    streamingTokens: new Map(),
    newId,
    newSecret: () =>
      `whsec_${createRandom(`${settings.seed}:secret:${random.id()}`).id()}${random.id().slice(0, 8)}`,
    addAccount(key, credits) {
      let account = accounts.get(key);
      if (!account) {
        account = createAccount({
          key,
          credits: credits ?? settings.startingCredits,
          nextId: newId,
          now: settings.clock.now(),
        });
        accounts.set(key, account);
      }
      return account;
    },
    startJob(account, options) {
      const now = settings.clock.now();
      const credits = options.credits ?? 0;
      const concurrent = options.concurrent ?? true;
      if (concurrent && !options.queued && !options.blocked) {
        const running = account.jobs.filter(
          (job) => job.concurrent && job.startAt !== null && jobActive(job, now),
        );
        if (running.length >= settings.concurrentJobs) {
          const firstEnd = Math.min(...running.map((job) => (job.startAt ?? now) + job.durationMs));
          const retryAfter = Math.max(1, Math.ceil((firstEnd - now) / 1000));
          throw new EmulatorError({
            status: 429,
            code: 'rate_limit_exceeded',
            message: `Concurrent job limit reached (${settings.concurrentJobs} running). Retry after ${retryAfter} s.`,
            headers: { 'retry-after': String(retryAfter) },
          });
        }
      }
      if (credits > account.credits) {
        throw new EmulatorError({
          status: 402,
          code: 'insufficient_credits',
          message: `Insufficient credits: this job needs ${credits}, the account has ${account.credits}.`,
          legacyCode: 402,
        });
      }
      const id = newId();
      const rolled = hashToUint32(`${settings.seed}:fail:${id}`) / 4294967296;
      const job: Job = {
        id,
        kind: options.kind,
        createdAt: now,
        startAt: options.blocked ? null : now + (options.delayMs ?? 0),
        durationMs: options.durationMs ?? settings.renderMs,
        fails: Boolean(options.forceFailure) || rolled < settings.failureRate,
        failure: options.failure ?? defaultFailure,
        credits,
        finished: false,
        concurrent,
        onFinish: options.onFinish,
      };
      account.credits -= credits;
      account.creditsSpent += credits;
      if (options.render ?? credits > 0) account.renders += 1;
      account.jobs.push(job);
      return job;
    },
    resumeJob(job) {
      if (job.startAt === null) job.startAt = settings.clock.now();
    },
    endJob(job, failure) {
      const now = settings.clock.now();
      if (!jobActive(job, now) && job.startAt !== null) return;
      job.startAt ??= now;
      job.durationMs = Math.max(0, now - job.startAt);
      job.fails = true;
      job.failure = failure;
    },
    runDue(now = settings.clock.now()) {
      const ended: { job: Job; account: Account; at: number }[] = [];
      for (const account of accounts.values()) {
        for (const job of account.jobs) {
          if (job.finished) continue;
          const phase = jobPhase(job, now);
          if (phase.state === 'succeeded' || phase.state === 'failed') {
            ended.push({ job, account, at: phase.endedAt ?? now });
          }
        }
      }
      ended.sort((left, right) => left.at - right.at);
      for (const { job, account, at } of ended) {
        job.finished = true;
        if (job.fails && job.credits > 0) {
          // HeyGen does not bill failed renders: give the credits back.
          account.credits += job.credits;
          account.creditsSpent -= job.credits;
        }
        job.onFinish?.(!job.fails, at);
      }
      webhooks.runDue(now);
    },
  };
  return core;
}
