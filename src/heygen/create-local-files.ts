import { constants, realpathSync, statSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';

/** Options of {@link createLocalFiles}. */
export interface LocalFilesOptions {
  /**
   * Directories whose files may be read (`--files-root DIR`; the CLI's `call` defaults to the current
   * directory). Each must exist; it is resolved with `realpath` once, here. A relative `{ path }` is resolved
   * against the first root.
   */
  roots: readonly string[];
  /**
   * Directories never read from, even inside a root: `$HEYGATE_HOME` (master key, SQLite database). A root
   * inside one of them is refused outright.
   */
  deny?: readonly string[];
  /** Largest file read, in bytes (default 32 MiB, HeyGen's v3 upload limit). */
  maxBytes?: number;
}

/** A file read from an allowed root. */
export interface LocalFile {
  bytes: Uint8Array<ArrayBuffer>;
  /** The file's own name, for the upload. */
  filename: string;
}

/** Reads `{ path }` file inputs from the operator's allowed roots only. */
export interface LocalFiles {
  /** The allowed roots, resolved. */
  readonly roots: readonly string[];
  /** Reads one regular file inside a root; throws `LocalFileRefusedError`. */
  read(path: string): Promise<LocalFile>;
}

/** A `{ path }` input outside the allowed roots, inside a denied directory, or not a readable regular file. */
export class LocalFileRefusedError extends HeyGateError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'file_refused',
      hint: 'Send the file as { base64 }, or ask the operator to start heygate with --files-root DIR.',
      cause,
    });
    this.name = 'LocalFileRefusedError';
  }
}

/**
 * Local files as an operator's choice. A server never reads the gateway's disk for an agent unless the operator
 * named directories with `--files-root`; then only regular files inside them are read, resolved with
 * `realpath` so neither `..` nor a symbolic link leads out, never inside `$HEYGATE_HOME`, opened with
 * `O_NOFOLLOW` and checked again after opening (type and size). A path outside every root is refused with
 * the same message whether it exists or not, so an agent cannot probe the disk.
 *
 * Throws an `InvalidInputError` (field `files-root`) when a root does not exist, is not a directory, or lies
 * inside a denied directory.
 */
export function createLocalFiles(options: LocalFilesOptions): LocalFiles {
  const deny = (options.deny ?? []).map(realpathOrSelf);
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const roots = options.roots.map((root) => {
    let real: string;
    try {
      real = realpathSync(resolve(root));
    } catch {
      throw badRoot(root, 'no such directory');
    }
    if (!statSync(real).isDirectory()) throw badRoot(root, 'not a directory');
    if (deny.some((denied) => inside(real, denied))) {
      throw badRoot(root, "it lies inside heygate's home (keys and database); choose another directory");
    }
    return real;
  });

  async function read(path: string): Promise<LocalFile> {
    const outside = (): LocalFileRefusedError =>
      new LocalFileRefusedError(
        roots.length === 0
          ? 'Local files are not read here: no --files-root was given.'
          : `${path} is not inside an allowed files root.`,
      );
    if (roots.length === 0) throw outside();
    const candidate = isAbsolute(path) ? resolve(path) : resolve(roots[0]!, path);
    const allowed = (target: string): boolean =>
      roots.some((root) => inside(target, root)) && !deny.some((denied) => inside(target, denied));
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if (!allowed(candidate)) throw outside();
      throw new LocalFileRefusedError(`Cannot read ${path} (${errorCode(error)}).`, error);
    }
    if (!allowed(real)) throw outside();
    return readRegularFile(real, path, maxBytes);
  }

  return { roots, read };
}

async function readRegularFile(real: string, shown: string, maxBytes: number): Promise<LocalFile> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not hang the gateway; O_NOFOLLOW: the last component cannot have been
    // swapped for a link since realpath.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw new LocalFileRefusedError(`Cannot read ${shown} (${errorCode(error)}).`, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new LocalFileRefusedError(`${shown} is not a regular file.`);
    if (stats.size > maxBytes)
      throw new LocalFileRefusedError(`${shown} is ${stats.size} bytes, above the ${maxBytes}-byte limit.`);
    const bytes = new Uint8Array(await handle.readFile());
    return { bytes, filename: basename(real) };
  } finally {
    await handle.close();
  }
}

/** True when `target` is `directory` or inside it (both absolute and resolved). */
function inside(target: string, directory: string): boolean {
  const path = relative(directory, target);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unreadable';
}

function badRoot(root: string, reason: string): InvalidInputError {
  return new InvalidInputError('heygate', [
    {
      field: 'files-root',
      expected: 'an existing directory outside HEYGATE_HOME',
      message: `--files-root ${root}: ${reason}.`,
    },
  ]);
}
