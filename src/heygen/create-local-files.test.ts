import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { createLocalFiles, LocalFileRefusedError } from './create-local-files.ts';

/** A scratch layout: an allowed root, a sibling secret, heygate's home with a key inside the root's parent. */
function layout() {
  const base = mkdtempSync(join(tmpdir(), 'heygate-files-'));
  const root = join(base, 'media');
  const home = join(base, 'home');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(home);
  writeFileSync(join(root, 'clip.mp4'), 'video');
  writeFileSync(join(root, 'sub', 'face.png'), 'png');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  writeFileSync(join(home, 'master.key'), 'key');
  return { base, root, home };
}

async function refused(promise: Promise<unknown>): Promise<LocalFileRefusedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LocalFileRefusedError);
  return error as LocalFileRefusedError;
}

describe('createLocalFiles', () => {
  it('reads files inside a root, by absolute path or relative to the first root', async () => {
    const { root, home } = layout();
    const files = createLocalFiles({ roots: [root], deny: [home] });
    await expect(files.read(join(root, 'clip.mp4'))).resolves.toMatchObject({ filename: 'clip.mp4' });
    const relative = await files.read('sub/face.png');
    expect(Buffer.from(relative.bytes).toString()).toBe('png');
  });

  it('refuses `..`, absolute paths elsewhere and symlinks that lead out, with one message whether the file exists or not', async () => {
    const { base, root, home } = layout();
    symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(base, join(root, 'up'));
    const files = createLocalFiles({ roots: [root], deny: [home] });
    const messages = new Set<string>();
    for (const path of [
      '../secret.txt',
      join(base, 'secret.txt'),
      'link.txt',
      'up/secret.txt',
      '/etc/passwd',
      join(home, 'master.key'),
    ]) {
      messages.add((await refused(files.read(path))).message.replace(path, '<path>'));
    }
    expect(messages).toEqual(new Set(['<path> is not inside an allowed files root.']));
    const missingOutside = await refused(files.read('/no/such/file'));
    expect(missingOutside.message).toBe('/no/such/file is not inside an allowed files root.');
    expect((await refused(files.read('missing.png'))).message).toContain('ENOENT');
  });

  it('never reads inside HEYGATE_HOME, even under a root that contains it', async () => {
    const { base, home } = layout();
    const files = createLocalFiles({ roots: [base], deny: [home] });
    await expect(files.read('secret.txt')).resolves.toBeDefined();
    await refused(files.read(join(home, 'master.key')));
    await refused(files.read('home/master.key'));
  });

  it('refuses directories, FIFOs and files over the cap', async () => {
    const { root } = layout();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(100));
    const files = createLocalFiles({ roots: [root], maxBytes: 10 });
    expect((await refused(files.read('sub'))).message).toContain('not a regular file');
    expect((await refused(files.read('pipe'))).message).toContain('not a regular file');
    expect((await refused(files.read('big.bin'))).message).toContain('above the 10-byte limit');
  });

  it('refuses no roots, and roots that are missing, files, or inside the home', async () => {
    const { root, home } = layout();
    await refused(createLocalFiles({ roots: [] }).read(join(root, 'clip.mp4')));
    for (const bad of [join(root, 'nope'), join(root, 'clip.mp4'), home, join(home, '.')]) {
      expect(() => createLocalFiles({ roots: [bad], deny: [home] })).toThrow(InvalidInputError);
    }
  });
});
