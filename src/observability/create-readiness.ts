/** One dependency the process needs to serve calls. */
export interface ReadinessCheck {
  /** Shown in the `/readyz` answer: `store`, `vault`, `redis`. */
  name: string;
  /** Resolves when the dependency answers; throws (or takes longer than the timeout) when it does not. */
  check(): Promise<void>;
}

/** The `/readyz` report. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'failed' | 'timeout' | 'draining'>;
}

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  checks: readonly ReadinessCheck[];
  /** Longest wait for one check (default 2 s): a hung database makes the process not ready. */
  timeoutMs?: number;
  /** True while shutting down: not ready, so the proxy stops sending new requests here. */
  draining?: () => boolean;
}

/**
 * Readiness: every check run at once, each bounded by the timeout. Failure reasons are fixed words, never
 * an error message (a connection error can name a database URL with its password).
 */
export function createReadiness(options: ReadinessOptions): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  return async () => {
    const entries = await Promise.all(
      options.checks.map(async ({ name, check }): Promise<[string, ReadinessReport['checks'][string]]> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const outcome = await Promise.race([
            check().then(() => 'ok' as const),
            new Promise<'timeout'>((resolve) => {
              timer = setTimeout(() => resolve('timeout'), timeoutMs);
            }),
          ]);
          return [name, outcome];
        } catch {
          return [name, 'failed'];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries) as ReadinessReport['checks'];
    if (options.draining?.()) checks.shutdown = 'draining';
    return { ready: Object.values(checks).every((value) => value === 'ok'), checks };
  };
}
