import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The console's end-to-end harness: a real `heygate serve` (sandbox, its own HEYGATE_HOME) and Debian's Chromium
 * driven by Playwright. Without /usr/bin/chromium the suites skip with a printed reason, and fail under CI
 * (`.ci/run` installs it).
 */

export const chromiumPath = '/usr/bin/chromium';
export const chromiumMissing = existsSync(chromiumPath)
  ? undefined
  : `${chromiumPath} is absent (apt-get install -y chromium)`;
if (chromiumMissing) {
  if (process.env.CI) throw new Error(`console e2e: ${chromiumMissing}, and CI is set`);
  console.warn(`console e2e skipped: ${chromiumMissing}`);
}

const root = new URL('../..', import.meta.url).pathname;
/** Screenshots of each page (CI artifacts, not committed: test-results/ is ignored). */
export const screenshotDir = join(root, 'test-results', 'console');

export interface ConsoleServer {
  base: string;
  /** The sandbox emulator's URL and API key, as `heygate serve` prints them. */
  emulatorUrl: string;
  emulatorKey: string;
  home: string;
  /** Stops the server and starts it again on the same home. */
  restart(graceMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Started {
  base: string;
  emulatorUrl: string;
  emulatorKey: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
}

/** Spawns `heygate serve --port 0` on `home` and waits for its banner. */
async function spawnServe(home: string): Promise<Started> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/heygate.js'), 'serve', '--port', '0'],
    {
      env: { PATH: process.env.PATH, HEYGATE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = await new Promise<RegExpMatchArray>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // With accounts stored, a restarted server runs in HeyGen mode: no sandbox emulator line.
      const match = output.match(/listening on (http:\/\/\S+)(?:[\s\S]*emulator at (\S+) \(key (\S+)\))?/);
      if (match && output.includes('console:')) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`heygate serve exited with ${code}: ${output}`)));
    setTimeout(
      () => reject(new Error(`heygate serve printed no banner within 60 s: ${output}`)),
      60_000,
    ).unref();
  });
  return {
    base: started[1] ?? '',
    emulatorUrl: started[2] ?? '',
    emulatorKey: (started[3] ?? '').replace(/[;)]$/, ''),
    child,
    output: () => output,
  };
}

/**
 * Stops `heygate serve` with SIGTERM; one that has not exited after `graceMs` (calls or connections still
 * draining) is killed, and what it printed last is shown.
 */
export async function stopChild(started: Started, graceMs = 15_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.warn(
      `heygate serve did not stop within ${graceMs} ms; killing it. Last output:\n${started.output().slice(-2000)}`,
    );
    child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `heygate serve --port 0` in sandbox mode with a fresh home. `restart()` stops it and starts it again on
 * the same home (a new port: the browser's cookie, scoped to the host, still applies).
 */
export async function startServer(): Promise<ConsoleServer> {
  const home = mkdtempSync(join(tmpdir(), 'heygate-console-'));
  let current = await spawnServe(home);
  const server: ConsoleServer = {
    base: current.base,
    emulatorUrl: current.emulatorUrl,
    emulatorKey: current.emulatorKey,
    home,
    async restart(graceMs?: number) {
      await stopChild(current, graceMs);
      current = await spawnServe(home);
      Object.assign(server, {
        base: current.base,
        emulatorUrl: current.emulatorUrl,
        emulatorKey: current.emulatorKey,
      });
    },
    async stop() {
      await stopChild(current);
      rmSync(home, { recursive: true, force: true });
    },
  };
  return server;
}

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile and no background traffic. */
export async function launchBrowser(): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'heygate-chromium-'));
  // A fresh profile per run (Playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1366, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Result of one page's checks: axe violations of impact serious or critical, and the page's weight. */
export interface PageCheck {
  name: string;
  serious: string[];
  violations: number;
  htmlBytes: number;
  scriptBytes: number;
  /** Forms or buttons that would send the CSRF token in a URL (a GET carrying `_csrf`). */
  csrfInUrl: string[];
}

/** Runs axe on the page, writes its screenshot, and measures its HTML and script bytes. */
export async function checkPage(page: Page, name: string, base: string): Promise<PageCheck> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  const htmlBytes = Buffer.byteLength(await page.content());
  // A form that sends its CSRF token by GET (its own method, or a button's formmethod) puts it in a URL.
  const csrfInUrl = await page
    .locator(
      'form:has([name=_csrf]):is([method=get i], :not([method])), form:has([name=_csrf]) [formmethod=get i]',
    )
    .evaluateAll((elements) =>
      elements.map((element) => String((element as { outerHTML?: string }).outerHTML).slice(0, 120)),
    );
  const script = await page.request.get(`${base}/console/console.js`);
  return {
    name,
    serious,
    violations: results.violations.length,
    htmlBytes,
    csrfInUrl,
    scriptBytes: (await script.body()).length,
  };
}

/** Writes the checks of a run (page weights, axe) for the note. */
export function writeChecks(checks: PageCheck[]): void {
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(join(screenshotDir, 'pages.json'), `${JSON.stringify(checks, null, 2)}\n`);
}
