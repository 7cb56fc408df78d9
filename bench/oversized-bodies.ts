/**
 * Issue 10's memory probe, repeated: three 100 MB POSTs to `heygate serve` with a bogus token (then three with
 * a valid token, over the body limit), measuring the server's resident memory before and after, and how
 * long each answer took. Before the fix the bodies were read before the bearer was checked (RSS 212 → 527 MB).
 * Writes bench/results/oversized-bodies.json. Loopback only; each request is bounded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { main } from '../src/surfaces/cli/main.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'heygate-bench-bodies-'));
const bodyBytes = 100 * 1024 * 1024;

/** The persona token `personas create` prints last. */
async function persona(): Promise<string> {
  let out = '';
  const runtime = createCliRuntime({
    env: { HEYGATE_HOME: home, PATH: process.env.PATH },
    stdout: (text) => (out += text),
    stderr: () => {},
    interactive: false,
  });
  await main(['personas', 'create', 'bench', '--allow', 'read', 'write'], runtime);
  return out.trim().split('\n').at(-1)!;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

/** Streams up to 100 MB until the server answers; returns the status, the time to answer and bytes sent. */
function post(base: string, token: string): Promise<{ status: number; ms: number; sentMb: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const outgoing = request(`${base}/v1/tools/video_get`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(bodyBytes),
      },
    });
    const finish = (status: number) => {
      if (answered) return;
      answered = true;
      resolve({
        status,
        ms: Math.round(performance.now() - started),
        sentMb: Math.round(sent / 1024 / 1024),
      });
      outgoing.destroy();
    };
    outgoing.on('response', (response) => {
      response.resume();
      finish(response.statusCode ?? 0);
    });
    outgoing.on('error', () => finish(0));
    const pump = () => {
      while (!answered && sent < bodyBytes) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return outgoing.once('drain', pump);
      }
      if (!answered) outgoing.end();
    };
    pump();
  });
}

const token = await persona();
const child = spawn(process.execPath, [join(root, 'bin/heygate.js'), 'serve', '--sandbox', '--port', '0'], {
  env: { PATH: process.env.PATH, HEYGATE_HOME: home },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve) => {
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    const match = output.match(/listening on (http:\/\/\S+)/);
    if (match?.[1] && output.includes('personas:')) resolve(match[1]);
  });
});
const rssBefore = rssMb(child.pid!);
const bogus = [];
for (let index = 0; index < 3; index++) bogus.push(await post(base, 'hg_bogus_token'));
const oversized = [];
for (let index = 0; index < 3; index++) oversized.push(await post(base, token));
await new Promise((resolve) => setTimeout(resolve, 500));
const rssAfter = rssMb(child.pid!);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
rmSync(home, { recursive: true, force: true });

const results = {
  bench: 'oversized-bodies',
  node: process.version,
  body_mb: bodyBytes / 1024 / 1024,
  rss_mb: { before: rssBefore, after: rssAfter, delta: rssAfter - rssBefore },
  bogus_token: bogus,
  valid_token_over_limit: oversized,
};
writeFileSync(
  new URL('results/oversized-bodies.json', import.meta.url),
  JSON.stringify(results, null, 2) + '\n',
);
console.log(JSON.stringify(results, null, 2));
