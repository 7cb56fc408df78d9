import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `$HEYGATE_HOME` (default `~/.heygate`): the embedded database `heygate.db` and, unless
 * `HEYGATE_MASTER_KEY` is set, the vault's `master.key`. Created on first use, private to the owner (0700).
 */
export function resolveHeygateHome(
  env: Record<string, string | undefined> = process.env,
  create = true,
): string {
  const home = resolve(env.HEYGATE_HOME || join(homedir(), '.heygate'));
  if (create) mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}
