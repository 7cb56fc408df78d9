import type { Command } from 'commander';
import { createEmulator, parseFaultSpec, type EmulatorOptions } from '../../../emulator/index.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';

/** Options of `heygate emulator` as commander parses them (all strings). */
export interface EmulatorCommandOptions {
  port: string;
  host: string;
  keys: string;
  renderSeconds: string;
  rateLimit?: string;
  concurrentJobs?: string;
  faults?: string;
  seed?: string;
  failureRate?: string;
  credits?: string;
  /** Approve OAuth authorizations at once (redirect to the client's redirect_uri with a code). */
  oauthAutoApprove?: boolean;
  /** Lifetime of OAuth access tokens in seconds. */
  oauthTokenSeconds?: string;
}

/** Why an option was rejected: the option and what was expected (usage error, exit code 2). */
function usage(runtime: CliRuntime, message: string): void {
  runtime.stderr(`heygate emulator: ${message}\n`);
  runtime.exitCode = exitCodes.usage;
}

function number(
  value: string | undefined,
  option: string,
  check: (value: number) => boolean,
  expected: string,
): number | undefined | Error {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) {
    return new Error(`${option} must be ${expected} (got "${value}")`);
  }
  return parsed;
}

/** Turns the command line into emulator options, or an error naming the bad option. */
export function emulatorOptionsFrom(
  options: EmulatorCommandOptions,
): { port: number; host: string; emulator: EmulatorOptions } | Error {
  const port = number(
    options.port,
    '--port',
    (value) => Number.isInteger(value) && value >= 0 && value <= 65535,
    'an integer 0-65535',
  );
  const renderSeconds = number(
    options.renderSeconds,
    '--render-seconds',
    (value) => value >= 0,
    'a number of seconds >= 0',
  );
  const requestsPerMinute = number(
    options.rateLimit,
    '--rate-limit',
    (value) => Number.isInteger(value) && value >= 0,
    'an integer >= 0 (requests per minute; 0 = unlimited)',
  );
  const concurrentJobs = number(
    options.concurrentJobs,
    '--concurrent-jobs',
    (value) => Number.isInteger(value) && value >= 1,
    'an integer >= 1',
  );
  const failureRate = number(
    options.failureRate,
    '--failure-rate',
    (value) => value >= 0 && value <= 1,
    'a number between 0 and 1',
  );
  const credits = number(
    options.credits,
    '--credits',
    (value) => Number.isInteger(value) && value >= 0,
    'an integer >= 0',
  );
  const oauthTokenSeconds = number(
    options.oauthTokenSeconds,
    '--oauth-token-seconds',
    (value) => Number.isInteger(value) && value >= 1,
    'an integer >= 1',
  );
  for (const value of [
    port,
    renderSeconds,
    requestsPerMinute,
    concurrentJobs,
    failureRate,
    credits,
    oauthTokenSeconds,
  ]) {
    if (value instanceof Error) return value;
  }
  const keys = options.keys
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (keys.length === 0) return new Error('--keys needs at least one key (comma-separated)');
  if (options.faults) {
    try {
      parseFaultSpec(options.faults);
    } catch (error) {
      return new Error(`--faults: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    port: port as number,
    host: options.host,
    emulator: {
      keys,
      renderSeconds: renderSeconds as number,
      rateLimit: {
        ...(requestsPerMinute !== undefined ? { requestsPerMinute: requestsPerMinute as number } : {}),
        ...(concurrentJobs !== undefined ? { concurrentJobs: concurrentJobs as number } : {}),
      },
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(failureRate !== undefined ? { failureRate: failureRate as number } : {}),
      ...(credits !== undefined ? { startingCredits: credits as number } : {}),
      oauth: {
        autoApprove: options.oauthAutoApprove === true,
        ...(oauthTokenSeconds !== undefined ? { accessTokenSeconds: oauthTokenSeconds as number } : {}),
      },
    },
  };
}

/**
 * Runs the emulator until `signal` aborts: prints its URL and the sandbox API keys (emulator keys, not HeyGen
 * secrets), then closes cleanly. The command action wires SIGINT/SIGTERM to the signal; tests pass their own.
 */
export async function runEmulatorCommand(
  options: EmulatorCommandOptions,
  runtime: CliRuntime,
  signal: AbortSignal,
): Promise<void> {
  const parsed = emulatorOptionsFrom(options);
  if (parsed instanceof Error) {
    usage(runtime, parsed.message);
    return;
  }
  const emulator = createEmulator(parsed.emulator);
  let url: string;
  try {
    ({ url } = await emulator.listen(parsed.port, parsed.host));
  } catch (error) {
    await emulator.close();
    runtime.stderr(
      `heygate emulator: cannot listen on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    runtime.exitCode = exitCodes.toolError;
    return;
  }
  runtime.stdout(`HeyGen emulator listening on ${url}\n`);
  runtime.stdout(`  API keys: ${emulator.keys.join(', ')}\n`);
  runtime.stdout(
    `  use it:   HEYGEN_BASE_URL=${url} HEYGEN_API_KEY=${emulator.keys[0]} heygate call user_me_get\n`,
  );
  runtime.stdout(
    `  OAuth:    ${url}/oauth/authorize (${parsed.emulator.oauth?.autoApprove ? 'approved at once' : 'consent page'}), ` +
      `client id heygate-emulator or register at ${url}/v1/oauth/register\n`,
  );
  runtime.stdout(`  renders take ${parsed.emulator.renderSeconds ?? 10} s; stop with Ctrl-C\n`);
  if (!signal.aborted)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await emulator.close();
  runtime.stdout('HeyGen emulator stopped\n');
}

/** `heygate emulator`: a local, offline HeyGen for demos, dry runs and tests. */
export function registerEmulatorCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('emulator')
    .description('run a local HeyGen emulator: every endpoint, fake credits, no key, no network')
    .option('--port <port>', 'port to listen on (0 = any free port)', '4010')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--keys <keys>', 'comma-separated API keys that exist (others get 401)', 'sandbox-key')
    .option('--render-seconds <n>', 'how long every render/job takes', '10')
    .option('--rate-limit <rpm>', 'requests per minute per key (default unlimited)')
    .option('--concurrent-jobs <n>', 'running jobs per key before 429 (default 10)')
    .option('--faults <spec>', 'inject faults, e.g. "500:0.1,timeout:0.05,slow=1500:0.2@/v3/videos"')
    .option('--seed <seed>', 'seed of ids, library data and random failures (default 1)')
    .option('--failure-rate <rate>', 'share of jobs that fail, 0..1 (default 0)')
    .option('--credits <n>', 'credits each account starts with (default 1000)')
    .option(
      '--oauth-auto-approve',
      "approve OAuth authorizations at once: /oauth/authorize redirects to the client's redirect_uri with a code",
    )
    .option('--oauth-token-seconds <n>', 'lifetime of OAuth access tokens (default 864000, 10 days)')
    .action(async (options: EmulatorCommandOptions) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runEmulatorCommand(options, runtime, controller.signal);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
