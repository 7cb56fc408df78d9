import type { CallObserver } from '../../gateway/call-observer.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { Executor } from '../../gateway/types.ts';

/**
 * What the CLI's `--sandbox` and `--account` options select when opening the gateway. The persona
 * (`--persona`) is not part of opening: every call passes its token to `execute()`, which checks it each time.
 */
export interface OpenExecutorOptions {
  /** Run against an in-process emulator instead of HeyGen. */
  sandbox?: boolean;
  /** Named account to use. */
  account?: string;
  /**
   * Directories `{ path }` file inputs may be read from (`--files-root`). Default none: no local file is read
   * (`heygate call` passes the current directory when no `--files-root` is given).
   */
  fileRoots?: readonly string[];
  /** Intranet hosts/ranges `{ url }` inputs may be fetched from (`--fetch-allow`), besides `HEYGATE_FETCH_ALLOW`. */
  fetchAllow?: readonly string[];
  /** Logs, metrics and traces around each call (`heygate serve`). */
  observer?: CallObserver;
}

/** An executor opened for one command, with what must be closed afterwards. */
export interface OpenedExecutor {
  executor: Executor;
  /** The full gateway behind `executor` (personas, accounts, audit), for servers that mount its admin API. */
  gateway: Gateway;
  /** Set when the command runs against the in-process emulator. */
  sandbox?: { url: string; apiKey: string };
  close(): Promise<void>;
}

/** Everything a command needs from its environment; tests pass their own. */
export interface CliRuntime {
  /** Writes to standard output as is. */
  stdout(text: string): void;
  /** Writes to standard error as is. */
  stderr(text: string): void;
  /** True when standard error is a terminal (progress bars). */
  interactive: boolean;
  /**
   * True when standard output is a terminal: `heygate call` then prints a readable summary instead of JSON
   * (scripts, pipes and tests get JSON). Absent means false.
   */
  stdoutIsTerminal?: boolean;
  env: NodeJS.ProcessEnv;
  /** Reads all of standard input (for secrets and scripts). */
  readStdin(): Promise<string>;
  /** Opens the executor a command calls tools through. */
  openExecutor(options: OpenExecutorOptions): Promise<OpenedExecutor>;
  /** Exit code the command sets; `main` returns it. */
  exitCode: number;
}

/** Options of {@link createCliRuntime}. */
export interface CliRuntimeOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  interactive?: boolean;
  /** Default: whether `process.stdout` is a terminal when `stdout` is not given, else false. */
  stdoutIsTerminal?: boolean;
  readStdin?: () => Promise<string>;
}

/** Reads a whole stream (standard input) as UTF-8. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Creates the runtime of one CLI invocation. Every tool call goes through the gateway (`openGateway`):
 * personas, scopes, routing and audit apply as on every other surface. With no HeyGen key and no stored
 * account (or with `--sandbox`) the gateway's accounts point at an in-process emulator, so a newcomer can try
 * everything without a key or credits.
 */
export function createCliRuntime(options: CliRuntimeOptions = {}): CliRuntime {
  const env = options.env ?? process.env;
  return {
    stdout: options.stdout ?? ((text) => process.stdout.write(text)),
    stderr: options.stderr ?? ((text) => process.stderr.write(text)),
    interactive: options.interactive ?? Boolean(process.stderr.isTTY),
    stdoutIsTerminal: options.stdoutIsTerminal ?? (options.stdout ? false : Boolean(process.stdout.isTTY)),
    env,
    readStdin: options.readStdin ?? (() => readAll(process.stdin)),
    exitCode: 0,
    async openExecutor(open) {
      // Loaded on demand: commands that never call a tool (help, tools list) skip the store and emulator.
      const [{ openGateway }, { createEmulator }] = await Promise.all([
        import('../../gateway/open-gateway.ts'),
        import('../../emulator/index.ts'),
      ]);
      const opened = await openGateway({
        env,
        ...(open.fileRoots ? { fileRoots: open.fileRoots } : {}),
        ...(open.fetchAllow ? { fetchAllow: open.fetchAllow } : {}),
        ...(open.observer ? { gateway: { observer: open.observer } } : {}),
        sandbox: {
          force: open.sandbox === true,
          async start() {
            const sandbox = await import('./sandbox-process.ts');
            if (sandbox.sandboxMode(env) === 'shared') {
              // One sandbox per HEYGATE_HOME, shared by every command (ADR 0037); it outlives this one.
              const { resolveHeygateHome } = await import('../../gateway/heygate-home.ts');
              const running = await sandbox.ensureSandbox(resolveHeygateHome(env), env);
              return { apiKey: running.apiKey, baseUrl: running.url, close: async () => {} };
            }
            const emulator = createEmulator({ renderSeconds: sandbox.sandboxRenderSeconds(env, 10) });
            const { url } = await emulator.listen(0);
            return { apiKey: emulator.keys[0] ?? 'sandbox-key', baseUrl: url, close: () => emulator.close() };
          },
        },
      });
      return {
        executor: opened.gateway,
        gateway: opened.gateway,
        ...(opened.sandbox
          ? { sandbox: { url: opened.sandbox.baseUrl, apiKey: opened.sandbox.apiKey } }
          : {}),
        close: () => opened.close(),
      };
    },
  };
}
