import type { AuditEntry, Store } from '../store/store.ts';
import { AuditWriteError } from './errors.ts';
import { auditJson } from './redact-for-audit.ts';
import { toToolError } from './tool-error.ts';
import type { Surface } from './types.ts';

/** Who performs an admin action: recorded in its audit record. */
export interface AdminActor {
  /** Surface the action came through (`cli`, `http`, …); default `library`. */
  surface?: Surface;
  /** The admin persona acting (admin API); absent for the local operator. */
  persona?: { id: string; name: string };
  /** Who the operator is (e.g. the OS user running the CLI); default the gateway's operator name. */
  user?: string;
}

/** One admin action to run and record. */
export interface AdminAction<T> {
  /** Dotted action name recorded as the record's `tool`: `persona.create`, `account.rotate`, `webhook.setup`, … */
  action: string;
  actor?: AdminActor | undefined;
  /** The account the action is about, when there is one. */
  account?: string | null;
  /** What was asked (recorded as `arguments`). Never a secret: only names, settings and fingerprints. */
  details: Record<string, unknown>;
  /** Does the action. */
  work: () => Promise<T>;
  /** What changed, from the result (recorded as `response`). Never a secret. */
  changes?: (result: T) => Record<string, unknown>;
}

/** Options of {@link createAdminAudit}. */
export interface AdminAuditOptions {
  store: Store;
  /** Time source for the record's time (default `Date.now`). */
  clock?: { now(): number };
  /** `user` of operator actions without a named user (default `operator`). */
  operatorName?: string;
  /** Secrets to scrub from every record as a last line of defence (keys and tokens the gateway holds). */
  secrets?: () => readonly (string | undefined)[];
  /** `true` (default): a record that cannot be written fails the action's caller with `AuditWriteError`. */
  failClosed?: boolean;
  /** Told about audit write failures. */
  onAuditError?: (error: unknown) => void;
}

/** Runs admin actions and appends one `kind: 'admin'` record per action to the audit hash chain. */
export interface AdminAudit {
  /**
   * Runs `work` and appends its record: outcome `ok` with `changes(result)` as the response, or `error` with the
   * error (then rethrown). The record is written after the action, so it states what happened; when it cannot
   * be written the caller gets `AuditWriteError` (fail closed) although the change was made.
   */
  run<T>(action: AdminAction<T>): Promise<T>;
}

/**
 * Creates the admin audit writer. Every change an operator or admin persona makes — personas, accounts, OAuth
 * connections, key and secret rotations, vault rotations, webhook setup — goes through `run`, so the chain holds
 * who did what, when, next to the tool calls (migration 4's `kind`).
 */
export function createAdminAudit(options: AdminAuditOptions): AdminAudit {
  const { store } = options;
  const clock = options.clock ?? Date;
  const failClosed = options.failClosed ?? true;

  async function append(entry: AuditEntry): Promise<void> {
    try {
      await store.appendAudit(entry);
    } catch (error) {
      options.onAuditError?.(error);
      if (failClosed) throw new AuditWriteError(error);
    }
  }

  return {
    async run(action) {
      const started = performance.now();
      const time = new Date(clock.now()).toISOString();
      const actor = action.actor ?? {};
      const secrets = options.secrets?.() ?? [];
      const base = {
        time,
        user: actor.user ?? (actor.persona ? null : (options.operatorName ?? 'operator')),
        personaId: actor.persona?.id ?? null,
        personaName: actor.persona?.name ?? null,
        surface: actor.surface ?? 'library',
        prompt: null,
        tool: action.action,
        account: action.account ?? null,
        fallbackFrom: null,
        arguments: auditJson(action.details, { secrets }),
        requestId: null,
        credits: null,
        kind: 'admin' as const,
      };
      const latency = () => Math.round((performance.now() - started) * 1000) / 1000;
      let result: Awaited<ReturnType<typeof action.work>>;
      try {
        result = await action.work();
      } catch (error) {
        await append({
          ...base,
          response: null,
          error: auditJson(toToolError(error), { secrets }),
          outcome: 'error',
          latencyMs: latency(),
        }).catch(() => {});
        throw error;
      }
      await append({
        ...base,
        // Keys the action itself brought in (a new key, new tokens) are known only now.
        response: action.changes
          ? auditJson(action.changes(result), { secrets: options.secrets?.() ?? [] })
          : null,
        error: null,
        outcome: 'ok',
        latencyMs: latency(),
      });
      return result;
    },
  };
}
