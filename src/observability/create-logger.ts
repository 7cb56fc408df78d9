import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Levels `--log-level` and `HEYGATE_LOG_LEVEL` accept. */
export const logLevels: readonly LevelWithSilent[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LevelWithSilent;
  /** Where JSON lines go (default standard output). */
  write?: (line: string) => void;
}

/**
 * Field names that hold secrets wherever they appear. The loggers of this folder never pass such fields; the
 * redaction is the second wall, for a field added later by mistake.
 */
const secretPaths = [
  'authorization',
  'token',
  'apiKey',
  'api_key',
  'personaToken',
  'secret',
  'password',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.authorization',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.personaToken',
  '*.secret',
];

/**
 * The JSON logger of `heygate serve` (pino): one line per HTTP request and one per tool call, with the
 * request id, persona name, tool, outcome and latency. Never headers, bodies, query strings, arguments or
 * keys: see ADR 0046.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write;
  return pino(
    {
      level,
      base: { service: 'heygate' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: secretPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    write ? { write } : pino.destination({ dest: 1, sync: false }),
  );
}

/** Reads a log level from `--log-level` or `HEYGATE_LOG_LEVEL`; throws naming the option when unknown. */
export function parseLogLevel(value: string | undefined, option = '--log-level'): LevelWithSilent {
  const level = (value ?? 'info').trim().toLowerCase();
  if (!(logLevels as readonly string[]).includes(level))
    throw new RangeError(`${option} must be one of ${logLevels.join(', ')} (got "${value}")`);
  return level as LevelWithSilent;
}
