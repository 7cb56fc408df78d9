import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeyMissingError, VaultRotationError } from './errors.ts';
import type { MasterKey } from './envelope.ts';
import { generateMasterKey, parseMasterKey } from './master-key.ts';

/**
 * Where master keys come from (ADR 0006):
 * - `HEYGATE_MASTER_KEY` (base64 or hex, 32 bytes): the primary key; nothing is written to disk.
 * - otherwise `$HEYGATE_HOME/master.key`, created with mode 0600 on first run.
 * During a rotation the new key is `HEYGATE_MASTER_KEY_NEXT`, a key supplied to the rotate command, or
 * `$HEYGATE_HOME/master.key.next` (generated 0600). Every key found is loaded, so records wrapped with the
 * old or the new key both open while a rotation is in progress or interrupted.
 */
export interface KeyringOptions {
  /** Directory of the key files (`$HEYGATE_HOME`); without it only environment keys are used. */
  home?: string;
  /** Environment to read `HEYGATE_MASTER_KEY` / `HEYGATE_MASTER_KEY_NEXT` from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Where a loaded key came from. */
export type KeySource = 'env' | 'env-next' | 'file' | 'file-next' | 'supplied';

/** The set of master keys available to the vault, by fingerprint. */
export interface Keyring {
  /**
   * The key new vaults start with. With `create`, a missing key file is generated (first run); without it a
   * missing key is an error, because an existing vault would otherwise silently get a new, useless key.
   */
  primary(options?: { create?: boolean }): MasterKey;
  /** The key with fingerprint `id`, re-reading the sources once when it is not loaded (another process rotated). */
  get(id: string): MasterKey | undefined;
  /** Where the key with fingerprint `id` came from. */
  sourceOf(id: string): KeySource | undefined;
  /**
   * The key a rotation moves to: `supplied` when given, else `HEYGATE_MASTER_KEY_NEXT`, else (file mode) the
   * existing or a newly generated `master.key.next`. Env mode without a new key is an error.
   */
  next(supplied?: MasterKey): MasterKey;
  /** Adds a key supplied by the operator (resuming an env-mode rotation). */
  add(key: MasterKey): void;
  /**
   * Makes the rotated-to key the primary once every record is re-wrapped: in file mode `master.key.next`
   * replaces `master.key` (the old key is destroyed); in env mode the operator must update the variable.
   */
  promote(id: string): { envUpdateRequired: boolean };
}

const keyFile = 'master.key';
const nextKeyFile = 'master.key.next';

/** Writes a key file with mode 0600 and fsyncs it (exclusive create: a concurrent writer wins, we read theirs). */
function writeKeyFile(path: string, key: MasterKey): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${key.key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readKeyFile(path: string): MasterKey | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseMasterKey(text, path);
}

function fsyncDirectory(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  }
}

/** Loads the master keys from the environment and `$HEYGATE_HOME`. */
export function createKeyring(options: KeyringOptions = {}): Keyring {
  const env = options.env ?? process.env;
  const home = options.home;
  const keys = new Map<string, { key: MasterKey; source: KeySource }>();
  const supplied = new Map<string, MasterKey>();

  function put(key: MasterKey | undefined, source: KeySource): void {
    if (key && !keys.has(key.id)) keys.set(key.id, { key, source });
  }

  function load(): void {
    keys.clear();
    if (env.HEYGATE_MASTER_KEY) put(parseMasterKey(env.HEYGATE_MASTER_KEY, 'HEYGATE_MASTER_KEY'), 'env');
    if (env.HEYGATE_MASTER_KEY_NEXT) {
      put(parseMasterKey(env.HEYGATE_MASTER_KEY_NEXT, 'HEYGATE_MASTER_KEY_NEXT'), 'env-next');
    }
    if (home) {
      put(readKeyFile(join(home, keyFile)), 'file');
      put(readKeyFile(join(home, nextKeyFile)), 'file-next');
    }
    for (const key of supplied.values()) put(key, 'supplied');
  }

  load();

  function envMode(): boolean {
    return Boolean(env.HEYGATE_MASTER_KEY);
  }

  return {
    primary(primaryOptions = {}) {
      if (envMode()) return parseMasterKey(env.HEYGATE_MASTER_KEY!, 'HEYGATE_MASTER_KEY');
      if (!home) {
        throw new MasterKeyMissingError('(none)', 'The vault', 'Set HEYGATE_MASTER_KEY or HEYGATE_HOME.');
      }
      const path = join(home, keyFile);
      let key = readKeyFile(path);
      if (!key && primaryOptions.create) {
        mkdirSync(home, { recursive: true, mode: 0o700 });
        writeKeyFile(path, generateMasterKey());
        fsyncDirectory(home);
        key = readKeyFile(path);
      }
      if (!key) {
        throw new MasterKeyMissingError(
          '(none)',
          'The vault',
          `No master key: ${path} is missing and HEYGATE_MASTER_KEY is not set. Restore the key file from backup.`,
        );
      }
      put(key, 'file');
      return key;
    },

    get(id) {
      const found = keys.get(id);
      if (found) return found.key;
      load();
      return keys.get(id)?.key;
    },

    sourceOf(id) {
      return keys.get(id)?.source;
    },

    next(suppliedKey) {
      if (suppliedKey) {
        this.add(suppliedKey);
        return suppliedKey;
      }
      if (env.HEYGATE_MASTER_KEY_NEXT) {
        return parseMasterKey(env.HEYGATE_MASTER_KEY_NEXT, 'HEYGATE_MASTER_KEY_NEXT');
      }
      if (envMode() || !home) {
        throw new VaultRotationError(
          'The master key comes from HEYGATE_MASTER_KEY, so heygate cannot store a new one for you.',
          'Supply the new key: `heygate vault rotate-master-key --new-key-from-env VAR` (or set HEYGATE_MASTER_KEY_NEXT).',
        );
      }
      const path = join(home, nextKeyFile);
      if (!readKeyFile(path)) {
        writeKeyFile(path, generateMasterKey());
        fsyncDirectory(home);
      }
      const key = readKeyFile(path)!;
      put(key, 'file-next');
      return key;
    },

    add(key) {
      supplied.set(key.id, key);
      put(key, 'supplied');
    },

    promote(id) {
      load();
      const source = keys.get(id)?.source;
      if (source === 'file-next' && home) {
        renameSync(join(home, nextKeyFile), join(home, keyFile));
        fsyncDirectory(home);
        load();
        return { envUpdateRequired: false };
      }
      return { envUpdateRequired: source !== 'file' && source !== 'env' };
    },
  };
}
