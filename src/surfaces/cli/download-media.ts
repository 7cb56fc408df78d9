import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliRuntime } from './cli-runtime.ts';

/** A media URL found in a tool result. */
export interface MediaLink {
  /** Dotted path of the field, e.g. `video_url` or `data.captions.srt_url`. */
  field: string;
  url: string;
}

/** URL fields that are pages or endpoints, not files (`callback_url`, a share page, …). */
const notMedia = /(callback|webhook|page|share|redirect|authori[sz]|portal|dashboard|app_url|embed)/;

/** Fields saved first when `--output` names one file: the video, then audio, then any file. */
const preferred = ['video_url', 'audio_url', 'url', 'image_url', 'gif_url', 'thumbnail_url'];

/**
 * The media URLs of a result: string fields whose name ends in `url` (or `urls`, for lists) and whose value is
 * an http(s) URL, best first for `--output FILE` (video, audio, then the rest in result order).
 */
export function findMedia(data: unknown): MediaLink[] {
  const links: MediaLink[] = [];
  const visit = (value: unknown, path: string, key: string, depth: number) => {
    if (depth > 6) return;
    if (typeof value === 'string') {
      if (/urls?$/.test(key) && !notMedia.test(key) && /^https?:\/\//.test(value))
        links.push({ field: path, url: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, key, depth + 1));
    } else if (typeof value === 'object' && value !== null) {
      for (const [child, item] of Object.entries(value))
        visit(item, path ? `${path}.${child}` : child, child, depth + 1);
    }
  };
  visit(data, '', '', 0);
  const rank = (link: MediaLink) => {
    const leaf =
      link.field
        .replace(/\[\d+\]$/, '')
        .split('.')
        .at(-1) ?? '';
    const index = preferred.indexOf(leaf);
    return index === -1 ? preferred.length : index;
  };
  return links
    .map((link, order) => ({ link, order }))
    .sort((a, b) => rank(a.link) - rank(b.link) || a.order - b.order)
    .map(({ link }) => link);
}

/** The first id of a result (`video_id`, `id`, …), to name saved files after. */
function idOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  for (const [key, value] of Object.entries(data))
    if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string' && value !== '') return value;
  return undefined;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'file';
}

/** File name for a link saved into a directory: `<id>-<name in the URL>`, or the field name. */
function fileNameFor(link: MediaLink, id: string | undefined): string {
  let name: string;
  try {
    name = basename(decodeURIComponent(new URL(link.url).pathname));
  } catch {
    name = '';
  }
  if (!name || !name.includes('.'))
    name = `${link.field.replace(/[^A-Za-z0-9]+/g, '_')}${name ? `_${name}` : ''}`;
  return safeName(id && !name.includes(id) ? `${id}-${name}` : name);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Options of {@link downloadMedia}. */
export interface DownloadMediaOptions {
  /** `--output`: a file (the best media URL is saved there) or a directory (every media URL is saved in it). */
  output: string;
  signal?: AbortSignal;
}

/**
 * Saves the media of a result for `heygate call --output`. A path that is an existing directory, or ends in
 * `/`, receives every media file; any other path receives the best one (the video, else the audio, else the
 * first). A progress bar shows on a terminal; each saved file is reported on standard error. Returns the
 * saved paths. Throws when the result holds no media URL or a download fails (a partial file is removed).
 */
export async function downloadMedia(
  runtime: CliRuntime,
  data: unknown,
  options: DownloadMediaOptions,
): Promise<string[]> {
  const links = findMedia(data);
  if (links.length === 0) throw new Error('the result holds no media URL to save (--output)');
  const isDirectory =
    /[/\\]$/.test(options.output) ||
    (await stat(options.output).then(
      (found) => found.isDirectory(),
      () => false,
    ));
  const id = idOf(data);
  const targets = isDirectory
    ? links.map((link) => ({ link, path: join(options.output, fileNameFor(link, id)) }))
    : [{ link: links[0]!, path: options.output }];
  if (isDirectory) await mkdir(options.output, { recursive: true });
  const saved: string[] = [];
  const used = new Set<string>();
  for (const target of targets) {
    let path = target.path;
    for (let n = 2; used.has(path); n++) path = target.path.replace(/(\.[^./]*)?$/, `-${n}$1`);
    used.add(path);
    const bytes = await downloadOne(runtime, target.link.url, path, options.signal);
    runtime.stderr(`saved ${path} (${formatBytes(bytes)}, from ${target.link.field})\n`);
    saved.push(path);
  }
  return saved;
}

async function downloadOne(
  runtime: CliRuntime,
  url: string,
  path: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok || !response.body) {
    throw new Error(`downloading ${new URL(url).pathname} answered HTTP ${response.status}`);
  }
  const total = Number(response.headers.get('content-length') ?? '') || undefined;
  const partial = `${path}.part`;
  const bar = runtime.interactive ? await startBar(basename(path), total) : undefined;
  let received = 0;
  try {
    const file = Writable.toWeb(createWriteStream(partial));
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        bar?.update(received);
        controller.enqueue(chunk);
      },
    });
    await response.body.pipeThrough(counter).pipeTo(file);
    await rename(partial, path);
    return received;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    bar?.stop();
  }
}

/** A byte progress bar on standard error (the library loads only when a bar is shown). */
async function startBar(name: string, total: number | undefined) {
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    format: total ? `${name} [{bar}] {percentage}% | {value_kb} / {total_kb} KB` : `${name} {value_kb} KB`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  const kb = (bytes: number) => (bytes / 1024).toFixed(0);
  bar.start(total ?? 0, 0, { value_kb: '0', total_kb: total ? kb(total) : '?' });
  return {
    update: (value: number) => bar.update(value, { value_kb: kb(value), total_kb: total ? kb(total) : '?' }),
    stop: () => bar.stop(),
  };
}
