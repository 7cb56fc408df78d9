import type { Command } from 'commander';

/** Values of the options {@link outboundOptions} adds. */
export interface OutboundOptionValues {
  filesRoot: string[];
  fetchAllow: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Adds `--files-root DIR` and `--fetch-allow HOST|CIDR` (both repeatable) to a command that calls tools:
 * where `{ path }` file inputs may be read from, and which intranet sources `{ url }` inputs may be fetched
 * from (see docs/security.md). `defaultRoot` says what `--files-root` defaults to in the help text.
 */
export function outboundOptions(command: Command, defaultRoot: string): Command {
  return command
    .option(
      '--files-root <dir>',
      `directory { "path": … } file inputs may be read from (repeatable; default: ${defaultRoot}; never inside HEYGATE_HOME)`,
      collect,
      [],
    )
    .option(
      '--fetch-allow <host|cidr>',
      'intranet host, *.suffix, IP or CIDR range { "url": … } inputs may be fetched from (repeatable; adds to HEYGATE_FETCH_ALLOW)',
      collect,
      [],
    );
}
