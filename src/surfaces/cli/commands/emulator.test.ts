import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createCliRuntime } from '../cli-runtime.ts';
import {
  emulatorOptionsFrom,
  registerEmulatorCommand,
  runEmulatorCommand,
  type EmulatorCommandOptions,
} from './emulator.ts';

const defaults: EmulatorCommandOptions = {
  port: '0',
  host: '127.0.0.1',
  keys: 'sandbox-key',
  renderSeconds: '10',
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const runtime = createCliRuntime({
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
  });
  return { runtime, out, err };
}

describe('heygate emulator', () => {
  it('prints its URL and keys, serves HeyGen, and stops when signalled', async () => {
    const { runtime, out } = capture();
    const controller = new AbortController();
    const running = runEmulatorCommand(
      { ...defaults, keys: 'k1, k2', rateLimit: '100', seed: '7' },
      runtime,
      controller.signal,
    );
    while (!out.some((line) => line.includes('listening on')))
      await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /listening on (\S+)/.exec(out.join(''))?.[1] as string;
    expect(out.join('')).toContain('API keys: k1, k2');
    const me = await fetch(`${url}/v3/users/me`, { headers: { 'x-api-key': 'k2' } });
    expect(me.status).toBe(200);
    expect((await fetch(`${url}/v3/users/me`, { headers: { 'x-api-key': 'sandbox-key' } })).status).toBe(401);
    controller.abort();
    await running;
    expect(out.join('')).toContain('HeyGen emulator stopped');
    expect(runtime.exitCode).toBe(0);
  });

  it('rejects bad options with a usage error naming the option', async () => {
    const { runtime, err } = capture();
    await runEmulatorCommand({ ...defaults, faults: 'boom' }, runtime, AbortSignal.abort());
    expect(runtime.exitCode).toBe(2);
    expect(err.join('')).toContain('--faults');
    expect(emulatorOptionsFrom({ ...defaults, port: '70000' })).toBeInstanceOf(Error);
    expect(String(emulatorOptionsFrom({ ...defaults, renderSeconds: '-1' }))).toContain('--render-seconds');
    expect(String(emulatorOptionsFrom({ ...defaults, keys: ' , ' }))).toContain('--keys');
  });

  it('maps the flags onto emulator options', () => {
    expect(
      emulatorOptionsFrom({
        ...defaults,
        port: '4010',
        rateLimit: '60',
        concurrentJobs: '3',
        failureRate: '0.25',
        credits: '50',
        seed: 's',
      }),
    ).toEqual({
      port: 4010,
      host: '127.0.0.1',
      emulator: {
        keys: ['sandbox-key'],
        renderSeconds: 10,
        rateLimit: { requestsPerMinute: 60, concurrentJobs: 3 },
        seed: 's',
        failureRate: 0.25,
        startingCredits: 50,
        oauth: { autoApprove: false },
      },
    });
    expect(
      emulatorOptionsFrom({ ...defaults, oauthAutoApprove: true, oauthTokenSeconds: '60' }),
    ).toMatchObject({ emulator: { oauth: { autoApprove: true, accessTokenSeconds: 60 } } });
    expect(String(emulatorOptionsFrom({ ...defaults, oauthTokenSeconds: '0' }))).toContain(
      '--oauth-token-seconds',
    );
  });

  it('with --oauth-auto-approve redirects an authorization straight back to the client with a code', async () => {
    const { runtime, out } = capture();
    const controller = new AbortController();
    const running = runEmulatorCommand({ ...defaults, oauthAutoApprove: true }, runtime, controller.signal);
    while (!out.some((line) => line.includes('listening on')))
      await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /listening on (\S+)/.exec(out.join(''))?.[1] as string;
    expect(out.join('')).toContain('approved at once');
    const authorize = new URL('/oauth/authorize', url);
    for (const [name, value] of Object.entries({
      client_id: 'heygate-emulator',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:9/cb',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(name, value);
    const response = await fetch(authorize, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:9/cb');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('code')).toMatch(/^hgac_/);
    controller.abort();
    await running;
  });

  it('registers `emulator` with its flags', () => {
    const program = new Command('heygate');
    registerEmulatorCommand(program, capture().runtime);
    const command = program.commands.find((candidate) => candidate.name() === 'emulator');
    expect(command?.options.map((option) => option.long)).toEqual([
      '--port',
      '--host',
      '--keys',
      '--render-seconds',
      '--rate-limit',
      '--concurrent-jobs',
      '--faults',
      '--seed',
      '--failure-rate',
      '--credits',
      '--oauth-auto-approve',
      '--oauth-token-seconds',
    ]);
  });
});
