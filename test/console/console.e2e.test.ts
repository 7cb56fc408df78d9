import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
  expect(result.csrfInUrl, `CSRF token in a URL on ${name}`).toEqual([]);
}

/** Calls a tool through `/v1/tools` as the operator (sandbox on loopback) or a persona. */
async function callTool(tool: string, body: Record<string, unknown>, token?: string) {
  const response = await fetch(`${server.base}/v1/tools/${tool}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; error?: unknown } };
}

let avatarId = '';

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
    // Routing health: no cooldown yet; the webhook is not set up until asked.
    await expect(row.textContent()).resolves.toContain('no cooldown');
    await expect(row.textContent()).resolves.toContain('not set up');
    await row.locator('summary').click();
    await row.getByRole('button', { name: 'Set up webhook' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Webhook of "work" set up');
    await expect(page.getByRole('row', { name: /^work/ }).textContent()).resolves.toMatch(
      /set up\s*\d+ events, http:\/\/127\.0\.0\.1:\d+\/webhooks/,
    );
  });

  it("connects an account with OAuth through HeyGen's consent page (the emulator plays HeyGen)", async () => {
    await page.goto(`${server.base}/console/integrations`);
    const connect = page.locator('form[action$="/integrations/oauth"]');
    await connect.getByLabel('Account name').fill('studio');
    await connect.getByRole('button', { name: 'Connect with HeyGen' }).click();
    await page.waitForURL(/\/oauth\/authorize\?/);
    expect(new URL(page.url()).origin).toBe(new URL(server.emulatorUrl).origin);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/console\/oauth-return/);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Connected the HeyGen account "studio"',
    );
    await page.getByRole('link', { name: 'Continue to Integrations' }).click();
    const row = page.getByRole('row', { name: /^studio/ });
    await expect(row.textContent()).resolves.toContain('OAuth');
    await check('integrations-accounts');
  });

  let agentToken = '';

  it('creates a persona with a scope, shows its reach live and its token once', async () => {
    await page.goto(`${server.base}/console/personas`);
    await check('personas');
    const create = page.locator('form[action$="/console/personas"]');
    await create.getByLabel('Name', { exact: true }).fill('agent');
    // The reach follows the scopes as they change (the script fetches it).
    await create.getByLabel('read', { exact: true }).uncheck();
    await expect.poll(() => page.locator('#reach').textContent()).toContain('Reaches 0 of');
    await create.getByLabel(/More scopes/).fill('read+area:voices');
    await expect.poll(() => page.locator('#reach').textContent()).toMatch(/Reaches [1-9]\d* of \d+ tools/);
    await expect(page.locator('#reach').textContent()).resolves.toContain('0 write');
    // Without the script's help, "Preview reach" posts the form and comes back with the scopes in the URL,
    // never the CSRF token.
    await create.getByRole('button', { name: 'Preview reach' }).click();
    await page.waitForURL(/\/console\/personas\?scopes=/);
    expect(page.url()).not.toContain('_csrf');
    await expect(page.getByLabel(/More scopes/).inputValue()).resolves.toBe('read+area:voices');
    await expect(page.getByLabel('read', { exact: true }).isChecked()).resolves.toBe(false);
    await create.getByLabel('Name', { exact: true }).fill('agent');
    await create.getByLabel('work').check();
    await create.getByLabel(/^Budget in US dollars/).fill('5');
    await create.getByRole('button', { name: 'Create persona' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Created persona "agent"');
    agentToken = ((await page.locator('#new-token').textContent()) ?? '').trim();
    expect(agentToken).toMatch(/^hg_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(agentToken);
    await check('personas-token');
    // Shown once: the next visit no longer has it, and no page does.
    await page.goto(`${server.base}/console/personas`);
    await expect(page.content()).resolves.not.toContain(agentToken);
    const row = page.getByRole('row', { name: /^agent/ });
    await expect(row.textContent()).resolves.toContain('read+area:voices');
    await expect(row.textContent()).resolves.toContain('$5.00 / month');
    // Edit its permissions: the change is saved (and audited by the persona manager).
    await row.locator('summary').click();
    await row.getByLabel('Scopes of agent').fill('read+area:voices read+area:avatars');
    await row.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Saved "agent"');
    await expect(page.getByRole('row', { name: /^agent/ }).textContent()).resolves.toContain(
      'read+area:avatars',
    );
    // Allowed accounts and the budget: a bad amount is refused in the CLI's words; opening the persona to every
    // account needs the confirmation.
    const edit = () => page.getByRole('row', { name: /^agent/ });
    await edit().locator('summary').click();
    await edit().getByLabel('Budget in US dollars of agent (empty or "none": no budget)').fill('lots');
    await edit().getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'budget_usd must be an amount in US dollars or "none" (got "lots")',
    );
    await edit().locator('summary').click();
    await edit().getByLabel('Budget in US dollars of agent (empty or "none": no budget)').fill('7.5');
    await edit().getByLabel('Budget period of agent').selectOption('week');
    await edit().getByLabel('studio', { exact: true }).check();
    await edit().getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Saved "agent"');
    await expect(edit().textContent()).resolves.toContain('$7.50 / week');
    await expect(edit().textContent()).resolves.toContain('studio, work');
    await edit().locator('summary').click();
    await edit().getByLabel('work', { exact: true }).uncheck();
    await edit().getByLabel('studio', { exact: true }).uncheck();
    await edit().getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Tick the confirmation');
    await expect(edit().textContent()).resolves.toContain('studio, work');
    await edit().locator('summary').click();
    await edit().getByLabel('work', { exact: true }).uncheck();
    await edit().getByLabel('studio', { exact: true }).uncheck();
    await edit()
      .getByLabel(/Confirm removing the budget of agent/)
      .check();
    await edit().getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Saved "agent"');
    await expect(edit().textContent()).resolves.toContain('every account');
    await expect(edit().textContent()).resolves.toContain('$7.50 / week');
  });

  it('shows a call of the persona through /v1/tools in the audit log, with its detail', async () => {
    const call = await fetch(`${server.base}/v1/tools/voice_list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 1 }, prompt: 'pick a voice for the intro' }),
    });
    expect(call.status).toBe(200);
    await page.goto(`${server.base}/console/audit`);
    await page.getByLabel('Persona (name or id)').fill('agent');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.getByRole('row', { name: /voice_list/ });
    await expect(row.textContent()).resolves.toContain('ok');
    await check('audit');
    await row.getByRole('link').click();
    await expect(page.locator('main').textContent()).resolves.toContain('pick a voice for the intro');
    await check('audit-record');
    await page.goto(`${server.base}/console/audit/verify`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('The chain is intact');
    const exported = await page.request.get(`${server.base}/console/audit/export?format=jsonl&persona=agent`);
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tool: string });
    expect(lines.map((line) => line.tool)).toContain('voice_list');
    const csv = await page.request.get(`${server.base}/console/audit/export?format=csv&persona=agent`);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^seq,time,kind/);
  });

  it('revokes the persona: its next call is refused and audited', async () => {
    await page.goto(`${server.base}/console/personas`);
    const row = page.getByRole('row', { name: /^agent/ });
    await row.locator('summary').click();
    await row.getByRole('button', { name: 'Revoke persona' }).click();
    // The confirmation is required (a required checkbox, so no script is needed).
    await expect(page.getByRole('status').count()).resolves.toBe(0);
    await row.getByLabel(/Revoke agent/).check();
    await row.getByRole('button', { name: 'Revoke persona' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Revoked "agent"');
    const refused = await fetch(`${server.base}/v1/tools/voice_list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 1 } }),
    });
    expect(refused.status).toBe(401);
    await page.goto(`${server.base}/console/audit?persona=agent`);
    await expect(
      page
        .getByRole('row', { name: /denied|error/ })
        .first()
        .textContent(),
    ).resolves.toMatch(/denied|error/);
  });

  it('calls a tool from the playground with a generated form and shows its audit record', async () => {
    await page.goto(`${server.base}/console/playground`);
    await page.getByLabel(/Find a tool/).fill('list voices');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'voice_list', exact: true }).click();
    await check('playground');
    await page.getByLabel(/^limit/).fill('2');
    await page.getByLabel(/^Prompt/).fill('which voices are there');
    await page.getByRole('button', { name: 'Call voice_list' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('voice_list answered');
    await expect(page.locator('pre').first().textContent()).resolves.toContain('voice_id');
    await page.getByRole('link', { name: /^Record #/ }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('which voices are there');
  });

  it('starts a render from the playground and watches it finish on the jobs page', async () => {
    const avatars = (await (
      await fetch(`${server.base}/v1/tools/avatar_look_list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: {} }),
      })
    ).json()) as { data: unknown };
    avatarId = JSON.stringify(avatars.data).match(/"id":"([^"]+)"/)?.[1] ?? '';
    expect(avatarId).not.toBe('');
    await page.goto(`${server.base}/console/playground?tool=video_create`);
    // The form comes from the input schema: enums are selects, required fields are marked.
    await expect(page.getByLabel(/^type/).evaluate((element) => element.tagName)).resolves.toBe('SELECT');
    await page.locator('summary', { hasText: 'Input as JSON instead' }).click();
    await page
      .getByLabel(/^Input \(JSON object/)
      .fill(JSON.stringify({ type: 'avatar', avatar_id: avatarId, script: 'Hello from the console.' }));
    await page.getByRole('button', { name: 'Call video_create' }).click();
    await page.waitForURL(/\/console\/jobs$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Started video_create');
    await expect(page.getByRole('row', { name: /video_create/ }).textContent()).resolves.toContain('running');
    await check('jobs');
    // The page refreshes itself (script) until the render is done.
    await expect
      .poll(() => page.getByRole('row', { name: /video_create/ }).textContent(), { timeout: 60_000 })
      .toContain('completed');
    await expect(page.locator('video').count()).resolves.toBeGreaterThan(0);
    await check('jobs-finished');
  });

  it('lists jobs other surfaces started: progress, a finished render to play, a failure with its reason', async () => {
    // An agent starts a render through /v1/tools and does not wait: the console follows it on demand.
    const started = await callTool('video_create', {
      input: { type: 'avatar', avatar_id: avatarId, script: 'An agent render.' },
      prompt: 'render the intro',
    });
    expect(started.status).toBe(200);
    const videoId = JSON.stringify(started.body.data).match(/"video_id":"([^"]+)"/)?.[1] ?? '';
    expect(videoId).not.toBe('');
    // Another waits for a render HeyGen fails.
    const failing = callTool('video_create', {
      input: { type: 'avatar', avatar_id: avatarId, script: 'This one breaks #emulator-fail' },
      wait: true,
    });
    await page.goto(`${server.base}/console/jobs`);
    const agentRow = page.getByRole('row', { name: new RegExp(videoId) });
    await expect(agentRow.textContent()).resolves.toContain('running');
    await expect(agentRow.textContent()).resolves.toMatch(/operator\s*http/);
    await check('jobs-others');
    expect((await failing).status).toBe(422);
    await expect
      .poll(
        async () => {
          const button = agentRow.getByRole('button', { name: /Check now/ });
          if ((await button.count()) > 0) await button.click();
          else await page.reload();
          return agentRow.textContent();
        },
        { timeout: 60_000 },
      )
      .toContain('completed');
    await expect(agentRow.locator('video').count()).resolves.toBeGreaterThan(0);
    await expect(agentRow.getByRole('link', { name: 'Download video' }).count()).resolves.toBeGreaterThan(0);
    const failedRow = page.getByRole('row', { name: /failed:/ });
    await expect(failedRow.textContent()).resolves.toMatch(
      /failed: video \S+ failed \(status "failed"\): \S+/,
    );
  });

  it('shows spend per persona and account against budgets, a chart and the top tools', async () => {
    await page.goto(`${server.base}/console/usage`);
    await expect(page.locator('svg[role=img] title').first().textContent()).resolves.toContain(
      'Spend per day',
    );
    await expect(page.getByRole('table', { name: /Spend per persona/ }).textContent()).resolves.toContain(
      'agent',
    );
    await expect(page.getByRole('table', { name: /Top tools/ }).textContent()).resolves.toContain(
      'video_create',
    );
    await check('usage');
  });

  it('lists flows, disables and enables one, runs it now and shows the run with its steps', async () => {
    const file = join(server.home, 'voices-check.yaml');
    writeFileSync(
      file,
      'name: voices-check\ntrigger: { manual: true }\nsteps:\n  - id: voices\n    tool: voice_list\n    input: { limit: 1 }\n',
    );
    execFileSync(process.execPath, [join(root, 'bin/heygate.js'), 'flows', 'add', file], {
      env: { PATH: process.env.PATH, HEYGATE_HOME: server.home },
      stdio: 'ignore',
    });
    await page.goto(`${server.base}/console/flows`);
    const row = page.getByRole('row', { name: /voices-check/ });
    await expect(row.textContent()).resolves.toContain('enabled');
    await check('flows');
    await row.getByRole('button', { name: /Disable/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Disabled "voices-check"');
    await row.getByRole('button', { name: /Enable/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Enabled "voices-check"');
    await row.getByRole('button', { name: /Run now/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Started run');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('main').textContent();
        },
        { timeout: 30_000 },
      )
      .toContain('succeeded');
    await expect(
      page
        .getByRole('table', { name: /Steps of/ })
        .first()
        .textContent(),
    ).resolves.toContain('voices');
    await check('flow-runs');
  });

  it('keeps the session and the jobs list across a restart of the server', { timeout: 150_000 }, async () => {
    // Accounts are stored now, so the restarted server runs in HeyGen mode (no operator session): sign in with
    // an admin persona first.
    await page.goto(`${server.base}/console/sign-in`);
    await page.getByLabel('Admin persona token').fill(cliPersona('ops-restart', ['admin']));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/integrations$/);
    await page.goto('about:blank');
    await server.restart();
    await page.goto(`${server.base}/console/jobs`);
    expect(page.url()).toMatch(/\/console\/jobs$/);
    await expect(page.locator('header').textContent()).resolves.toContain('ops-restart');
    const rows = page.getByRole('row', { name: /video_create/ });
    await expect(rows.first().textContent()).resolves.toContain('video_create');
    const main = await page.locator('main').textContent();
    expect(main).toContain('completed');
    expect(main).toMatch(/failed: video \S+ failed/);
    await check('jobs-after-restart');
  });
});
