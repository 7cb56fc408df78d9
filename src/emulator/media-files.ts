import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Real, small media files the emulator serves behind the URLs of completed resources, so a client that
 * downloads a video, an audio file, an image or captions gets bytes a player or parser accepts.
 *
 * MP4, WebM and MP3 are tiny committed fixtures (fixtures/, 1 s each, made once with ffmpeg:
 * `ffmpeg -f lavfi -i color=c=0x1f6feb:s=64x64:r=10:d=1 -f lavfi -i anullsrc=r=16000:cl=mono -t 1
 * -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 40 -c:a aac -b:a 16k -movflags +faststart sample.mp4`,
 * the same colour source with `-c:v libvpx-vp9` for sample.webm, and `sine=frequency=440:duration=1` with
 * `-c:a libmp3lame -b:a 32k` for sample.mp3). PNG, WAV and GIF are built here from bytes.
 */
export interface MediaFile {
  contentType: string;
  bytes: Uint8Array;
}

const fixtureCache = new Map<string, Uint8Array>();

function fixture(name: string): Uint8Array {
  let bytes = fixtureCache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
    fixtureCache.set(name, bytes);
  }
  return bytes;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG of `size`×`size` pixels: a diagonal gradient in HeyGen-ish blue. */
export function buildPng(size = 64): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(31 + ((x + y) % 64), 111, 235 - ((x * y) % 40));
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([
      signature,
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(Buffer.from(rows))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** A valid PCM WAV (RIFF/WAVE, 16 kHz mono 16-bit) with a 440 Hz tone of `seconds` length. */
export function buildWav(seconds = 0.5): Uint8Array {
  const sampleRate = 16_000;
  const samples = Math.round(sampleRate * seconds);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16); // fmt chunk size
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28); // byte rate
  buffer.writeUInt16LE(2, 32); // block align
  buffer.writeUInt16LE(16, 34); // bits per sample
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index++) {
    buffer.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * 440 * index) / sampleRate) * 8000),
      44 + index * 2,
    );
  }
  return new Uint8Array(buffer);
}

/** The smallest valid GIF89a (1×1, transparent), standing in for HeyGen's preview GIFs. */
export function buildGif(): Uint8Array {
  return Uint8Array.from([
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
    0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

function timestamp(seconds: number, separator: ',' | '.'): string {
  const whole = Math.floor(seconds);
  const ms = Math.round((seconds - whole) * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}${separator}${pad(ms, 3)}`;
}

/** Splits a script into caption cues of about 8 words, 3 seconds each. */
function cues(text: string): { start: number; end: number; text: string }[] {
  const words = text.split(/\s+/).filter(Boolean);
  const result: { start: number; end: number; text: string }[] = [];
  for (let index = 0; index < Math.max(words.length, 1); index += 8) {
    const start = (index / 8) * 3;
    result.push({ start, end: start + 3, text: words.slice(index, index + 8).join(' ') || '…' });
  }
  return result;
}

/** SRT captions for a script. */
export function buildSrt(text: string): string {
  return cues(text)
    .map(
      (cue, index) =>
        `${index + 1}\n${timestamp(cue.start, ',')} --> ${timestamp(cue.end, ',')}\n${cue.text}\n`,
    )
    .join('\n');
}

/** WebVTT captions for a script. */
export function buildVtt(text: string): string {
  return (
    'WEBVTT\n\n' +
    cues(text)
      .map((cue) => `${timestamp(cue.start, '.')} --> ${timestamp(cue.end, '.')}\n${cue.text}\n`)
      .join('\n')
  );
}

let png: Uint8Array | undefined;
let wav: Uint8Array | undefined;

/** The default file served for a media extension, or undefined for an unknown one. */
export function defaultMediaFile(extension: string): MediaFile | undefined {
  switch (extension) {
    case 'mp4':
      return { contentType: 'video/mp4', bytes: fixture('sample.mp4') };
    case 'webm':
      return { contentType: 'video/webm', bytes: fixture('sample.webm') };
    case 'mov':
      // An MP4 file is a valid QuickTime movie (same ISO base media format).
      return { contentType: 'video/quicktime', bytes: fixture('sample.mp4') };
    case 'mp3':
      return { contentType: 'audio/mpeg', bytes: fixture('sample.mp3') };
    case 'wav':
      return { contentType: 'audio/wav', bytes: (wav ??= buildWav()) };
    case 'png':
      return { contentType: 'image/png', bytes: (png ??= buildPng()) };
    case 'gif':
      return { contentType: 'image/gif', bytes: buildGif() };
    case 'srt':
      return {
        contentType: 'application/x-subrip',
        bytes: new TextEncoder().encode(buildSrt('Hello from the HeyGen emulator.')),
      };
    case 'vtt':
      return {
        contentType: 'text/vtt',
        bytes: new TextEncoder().encode(buildVtt('Hello from the HeyGen emulator.')),
      };
    case 'ass':
      return {
        contentType: 'text/x-ssa',
        bytes: new TextEncoder().encode(
          '[Script Info]\nTitle: heygate emulator\nScriptType: v4.00+\n\n[Events]\n',
        ),
      };
    default:
      return undefined;
  }
}
