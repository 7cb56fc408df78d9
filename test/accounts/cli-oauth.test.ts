import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../../src/surfaces/cli/exit-codes.ts';
import { main } from '../../src/surfaces/cli/main.ts';

/**
 * The headless contract of issue 14, exactly as written: `heygate accounts connect NAME --oauth --no-browser`
 * prints the authorization URL as the first line of stdout, waits for the callback, and exits 0 once the account
 * is stored — run as a real process against `heygate emulator --oauth-auto-approve`'s behaviour. Then the account
 * is used, audited, and removed (revoking it at HeyGen). The rest of the CLI runs in-process.
 */

const root = new URL('../..', import.meta.url).pathname;
const keys = ['hg-cli-oauth-key-0001', 'hg-cli-oauth-key-0002'];
let approving: Emulator;
let consenting: Emulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  approving = createEmulator({ keys, oauth: { autoApprove: true } });
  consenting = createEmulator({ keys });
  const { url } = await approving.listen(0);
  await consenting.listen(0);
  home = mkdtempSync(join(tmpdir(), 'heygate-cli-oauth-'));
  env = { HEYGATE_HOME: home, HEYGEN_API_KEY: keys[0]!, HEYGEN_BASE_URL: url };
});

afterAll(async () => {
  await approving.close();
  await consenting.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs `heygate …` in-process; `onStdout` sees each write as it happens. */
async function run(
  argv: string[],
  options: { env?: Record<string, string>; onStdout?: (text: string) => void } = {},
) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => (stderr += text),
    env: options.env ?? env,
    interactive: false,
    readStdin: async () => '',
  });
  const code = await main(argv, runtime);
  return { code, stdout, stderr };
}

/** The first line a running command writes to stdout. */
function firstLine(): { promise: Promise<string>; feed: (text: string) => void } {
  let buffer = '';
  let resolve: (line: string) => void = () => {};
  const promise = new Promise<string>((done) => (resolve = done));
  return {
    promise,
    feed(text) {
      buffer += text;
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    },
  };
}

describe('heygate accounts connect --oauth', () => {
  it('as a real process: prints the authorization URL first, waits for the callback, exits 0 once stored', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin/heygate.js'), 'accounts', 'connect', 'studio', '--oauth', '--no-browser'],
      { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const end = stdout.indexOf('\n');
        if (end >= 0) resolve(stdout.slice(0, end));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing a URL: ${stderr}`)));
    });
    expect(new URL(url).pathname).toBe('/oauth/authorize');
    expect(new URL(url).searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );

    // A browser opens it: HeyGen (auto-approving) redirects to the CLI's loopback listener.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('stored the HeyGen account "studio"');
    expect(await exited).toBe(0);
    expect(stdout.split('\n')[1]).toMatch(/^connected account studio \(OAuth, billing pool plan, health ok/);
    expect(stdout + stderr).not.toMatch(/hgat_|hgrt_|hgac_/);

    const listed = JSON.parse((await run(['accounts', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(listed.find((account) => account.name === 'studio')).toMatchObject({
      authKind: 'oauth',
      billingPool: 'plan',
      health: 'ok',
    });
    const me = await run(['call', 'user_me_get', '--account', 'studio', '--json', '{}']);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ billing_type: 'subscription' });

    const removed = await run(['accounts', 'remove', 'studio']);
    expect(removed.stdout).toContain('its OAuth tokens were revoked at HeyGen');
    expect(approving.inspect.oauth().grants.every((grant) => grant.revoked)).toBe(true);
  });

  it('ignores a callback for another state, then ends with a clear error when consent is declined', async () => {
    const line = firstLine();
    const running = run(['accounts', 'connect', 'declined', '--oauth', '--no-browser'], {
      env: { ...env, HEYGEN_BASE_URL: consenting.url! },
      onStdout: line.feed,
    });
    const url = new URL(await line.promise);
    const callback = url.searchParams.get('redirect_uri')!;
    const stale = await fetch(`${callback}?state=not-this-one&code=hgac_forged`);
    expect(stale.status).toBe(400);

    // The consent page, then Deny.
    const consent = await fetch(url);
    expect(await consent.text()).toContain('value="deny"');
    const form = new URLSearchParams(Object.fromEntries(url.searchParams));
    form.set('decision', 'deny');
    const denied = await fetch(`${consenting.url}/oauth/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    // fetch followed the redirect to the CLI's listener, which answered with the refusal.
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('declined');
    const result = await running;
    expect(result.code).toBe(exitCodes.auth);
    expect(result.stderr).toContain('was declined; nothing was stored');
    expect(result.stderr).toContain('Ignored a callback that does not belong to this connection');
    const listed = JSON.parse((await run(['accounts', 'list', '--json'])).stdout) as Array<{ name: string }>;
    expect(listed.map((account) => account.name)).not.toContain('declined');
  });

  it('requires --oauth, and names bad options', async () => {
    const plain = await run(['accounts', 'connect', 'x']);
    expect(plain.code).toBe(exitCodes.usage);
    expect(plain.stderr).toContain('--oauth');
    expect((await run(['accounts', 'connect', 'x', '--oauth', '--timeout', 'soon'])).stderr).toContain(
      '--timeout',
    );
  });

  it('gives up after --timeout, storing nothing', async () => {
    const line = firstLine();
    const result = await run(['accounts', 'connect', 'late', '--oauth', '--no-browser', '--timeout', '1s'], {
      onStdout: line.feed,
    });
    expect(await line.promise).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
    expect(result.code).toBe(exitCodes.timeout);
    expect(result.stderr).toContain('nothing was stored');
  });
});

describe('the rest of the accounts CLI', () => {
  it('records every admin action, filters them with --kind admin, and the chain verifies', async () => {
    const created = await run(['personas', 'create', 'rotating', '--token-ttl', '30d']);
    expect(created.stdout).toMatch(/token: {4}expires \d{4}-/);
    const rotated = await run(['personas', 'rotate-token', 'rotating', '--grace', '1h']);
    expect(rotated.stderr).toMatch(/The old one works until \d{4}-/);
    const setup = await run(['webhooks', 'setup', 'default', '--public-url', 'https://gateway.example.test']);
    expect(setup.stdout).toContain('set up default: endpoint');
    expect((await run(['webhooks', 'rotate', 'default', '--overlap', '5m'])).stdout).toContain(
      'previous accepted until',
    );
    expect(JSON.parse((await run(['webhooks', 'status', '--json'])).stdout)).toHaveLength(1);
    expect((await run(['webhooks', 'setup', 'default'])).code).toBe(exitCodes.usage);
    expect(
      (await run(['vault', 'schedule', '--webhook-secrets', '30d', '--account', 'default'])).stdout,
    ).toContain('webhook_secret');
    const status = await run(['vault', 'status']);
    expect(status.stdout).toMatch(/webhook_secret\s+default\s+OK/);
    expect(status.stdout).toMatch(/persona_token\s+rotating\s+OK/);
    expect((await run(['vault', 'rotate-due'])).stdout).toBe('nothing was due\n');
    expect((await run(['webhooks', 'remove', 'default'])).stdout).toContain('removed the webhook endpoint');

    const admin = JSON.parse(
      (await run(['audit', '--kind', 'admin', '--order', 'asc', '--json', '--limit', '1000'])).stdout,
    ) as {
      records: Array<{ kind: string; tool: string; surface: string; user: string; arguments: unknown }>;
    };
    expect(admin.records.every((record) => record.kind === 'admin')).toBe(true);
    const tools = admin.records.map((record) => record.tool);
    for (const action of [
      'account.connect',
      'account.remove',
      'persona.create',
      'persona.rotate',
      'webhook.setup',
      'webhook.rotate',
      'vault.schedule',
      'webhook.remove',
    ])
      expect(tools).toContain(action);
    expect(
      admin.records
        .filter((record) => record.surface === 'cli')
        .every((record) => record.user.startsWith('operator')),
    ).toBe(true);
    const everything = (await run(['audit', '--json', '--limit', '1000'])).stdout;
    expect(everything).not.toMatch(/hgat_|hgrt_|whsec_[A-Za-z0-9]{8}|hg-cli-oauth-key/);
    expect((await run(['audit', '--kind', 'nope'])).code).toBe(exitCodes.usage);
    const verified = await run(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^audit chain ok/);
  });
});
