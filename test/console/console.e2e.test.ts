import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  checkPage,
  chromiumMissing,
  launchBrowser,
  startServer,
  writeChecks,
  type ConsoleBrowser,
  type ConsoleServer,
  type PageCheck,
} from './console-harness.ts';

/**
 * The web console end to end (issue 16): a real `heygate serve` in sandbox mode and a real Chromium. The tests
 * run in order and build on each other, as an operator would: sign in, connect an account, create a persona, …
 * Every page is scanned with axe (no serious or critical violations) and kept as a screenshot.
 */

const root = new URL('../..', import.meta.url).pathname;
let server: ConsoleServer;
let browser: ConsoleBrowser;
let page: Page;
const checks: PageCheck[] = [];

async function check(name: string): Promise<void> {
  const result = await checkPage(page, name, server.base);
  checks.push(result);
  expect(result.serious, `axe on ${name}`).toEqual([]);
}

/** A persona token made with the CLI against the server's home (as an operator would). */
function cliPersona(name: string, scopes: string[]): string {
  const output = execFileSync(
    process.execPath,
    [join(root, 'bin/heygate.js'), 'personas', 'create', name, '--allow', ...scopes],
    {
      env: { PATH: process.env.PATH, HEYGATE_HOME: server.home },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const token = output.match(/hg_[A-Za-z0-9_-]+/g)?.at(-1);
  if (!token) throw new Error(`no token in: ${output}`);
  return token;
}

describe.skipIf(chromiumMissing !== undefined)('web console in a real browser', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    writeChecks(checks);
    await browser?.close();
    await server?.stop();
  });

  it('sends / to sign-in, refuses a bad token, signs in with an admin token and out again', async () => {
    await page.goto(`${server.base}/`);
    await expect.poll(() => page.url()).toContain('/console/sign-in');
    await check('sign-in');
    await page.getByLabel('Admin persona token').fill('hg_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/token/i);

    const agentToken = cliPersona('reader', ['read']);
    await page.getByLabel('Admin persona token').fill(agentToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('lacks the admin grant');

    const adminToken = cliPersona('ops', ['admin']);
    await page.getByLabel('Admin persona token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/integrations$/);
    const cookies = await browser.context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'heygate_console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await expect(page.locator('header').textContent()).resolves.toContain('ops');

    // A change without the CSRF token, or from another origin, is refused.
    const forged = await page.request.post(`${server.base}/console/sign-out`, {
      form: { _csrf: 'wrong' },
      headers: { origin: server.base },
    });
    expect(forged.status()).toBe(403);
    const crossSite = await page.request.post(`${server.base}/console/sign-out`, {
      form: { _csrf: 'wrong' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status()).toBe(403);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.goto(`${server.base}/console/integrations`);
    await expect.poll(() => page.url()).toContain('/console/sign-in');
  });

  it('offers the operator session in sandbox on loopback', async () => {
    await page.goto(`${server.base}/console/sign-in`);
    await page.getByRole('button', { name: 'Continue as operator' }).click();
    await page.waitForURL(/\/console\/integrations$/);
    await expect(page.locator('header').textContent()).resolves.toContain('operator (sandbox)');
  });

  it('connects an account by API key on the sandbox emulator and checks it', async () => {
    await page.goto(`${server.base}/console/integrations`);
    await check('integrations');
    const connect = page.locator('form[action$="/integrations/connect"]');
    await connect.getByLabel('Account name').fill('work');
    await connect.getByLabel('HeyGen API key').fill(server.emulatorKey);
    await connect.locator('summary').click();
    await connect.getByLabel('API base URL (emulator or proxy)').fill(server.emulatorUrl);
    await connect.getByRole('button', { name: 'Verify and connect' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Connected "work"');
    const row = page.getByRole('row', { name: /^work/ });
    await expect(row.textContent()).resolves.toContain('API key');
    await expect(row.textContent()).resolves.toContain('ok');

    await row.getByRole('button', { name: /Check/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('"work" is healthy');
  });
});
