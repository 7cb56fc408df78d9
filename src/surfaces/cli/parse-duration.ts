import { InvalidInputError } from '../../catalog/errors.ts';

const units: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Reads a duration given on the command line — `90s`, `15m`, `24h`, `30d`, `2w`, or a combination such as
 * `1d12h` — as milliseconds; `none` (when `allowNone`) is null. A bad value is a usage error naming the option.
 */
export function parseDuration(value: string, option: string, allowNone = false): number | null {
  const text = value.trim().toLowerCase();
  if (allowNone && (text === 'none' || text === 'off')) return null;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new InvalidInputError('cli', [
      {
        field: option,
        expected: `a duration such as 15m, 24h, 30d${allowNone ? ', or none' : ''}`,
        message: `${option} must be a duration such as 15m, 24h or 30d (got "${value}").`,
      },
    ]);
  }
  return Math.round(parts.reduce((sum, part) => sum + Number(part[1]) * units[part[2]!]!, 0));
}

/** A duration for people: `30d`, `1h 30m`, `45s`. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.slice(0, 2).join(' ') || '0s';
}
