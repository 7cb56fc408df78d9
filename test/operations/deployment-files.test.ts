import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { main } from '../../src/surfaces/cli/main.ts';

/**
 * The Dockerfile and compose.yaml of docs/deploy-scaled.md. No container daemon runs on the machines this
 * repository is developed on, so they are linted here instead of built and started: structure, security
 * properties, and that every heygate command and option they use exists. The entrypoint script runs for real.
 */
const root = new URL('../..', import.meta.url).pathname;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, unknown>>;
  secrets: Record<string, { file: string }>;
  configs: Record<string, { content: string }>;
};

interface Instruction {
  keyword: string;
  args: string;
  heredoc?: string;
}

/** Dockerfile instructions: comments dropped, continuations joined, heredoc bodies attached. */
function instructions(text: string): Instruction[] {
  const lines = text.split('\n');
  const result: Instruction[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    let line = lines[index]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[(index += 1)]!.trim()}`;
    const [, keyword = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line.trim()) ?? [];
    const instruction: Instruction = { keyword: keyword.toUpperCase(), args };
    const marker = /<<'?(\w+)'?/.exec(args)?.[1];
    if (marker) {
      const body: string[] = [];
      while (lines[(index += 1)] !== marker) body.push(lines[index]!);
      instruction.heredoc = body.join('\n');
    }
    result.push(instruction);
  }
  return result;
}

const parsed = instructions(dockerfile);
const stages = parsed.reduce<Instruction[][]>((all, instruction) => {
  if (instruction.keyword === 'FROM') all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const final = stages.at(-1)!;

async function serveHelp(): Promise<string> {
  let output = '';
  const runtime = createCliRuntime({ env: {}, stdout: (text) => void (output += text), stderr: () => {} });
  await main(['serve', '--help'], runtime);
  return output;
}

describe('Dockerfile', () => {
  it('builds in stages on Node 24 and runs the last one as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]!.args).toMatch(/^node:24[-.\w]*( AS \w+)?$/);
    const user = final.filter((instruction) => instruction.keyword === 'USER').at(-1);
    expect(user?.args).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user!.args.trim());
    const entry = final.findIndex((instruction) => instruction.keyword === 'ENTRYPOINT');
    expect(final.indexOf(user!)).toBeLessThan(entry);
  });

  it('checks health on /healthz, exposes the port and stops with SIGTERM', () => {
    const health = final.find((instruction) => instruction.keyword === 'HEALTHCHECK');
    expect(health?.args).toContain('/healthz');
    expect(final.find((instruction) => instruction.keyword === 'EXPOSE')?.args).toBe('4000');
    expect(final.find((instruction) => instruction.keyword === 'STOPSIGNAL')?.args).toBe('SIGTERM');
  });

  it('bakes no secret in and fetches nothing from the network itself', () => {
    for (const instruction of parsed) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG')
        expect(instruction.args).not.toMatch(/KEY|TOKEN|PASSWORD|SECRET|DATABASE_URL/);
      expect(instruction.keyword).not.toBe('ADD');
    }
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const copies = stages[0]!.filter((instruction) => instruction.keyword === 'COPY');
    const sources = copies.flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(existsSync(join(root, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source.replace(/^\.\//, ''));
    }
  });

  it('runs the command and options heygate has', async () => {
    const cmd = JSON.parse(final.find((instruction) => instruction.keyword === 'CMD')!.args) as string[];
    expect(cmd[0]).toBe('serve');
    const help = await serveHelp();
    for (const option of cmd.filter((arg) => arg.startsWith('--'))) expect(help).toContain(option);
  });

  it('sets each VAR from VAR_FILE in its entrypoint and leaves no _FILE behind', () => {
    const script = final.find((instruction) => instruction.heredoc?.startsWith('#!/bin/sh'))!.heredoc!;
    const directory = mkdtempSync(join(tmpdir(), 'heygate-entrypoint-'));
    try {
      writeFileSync(join(directory, 'entrypoint'), script, { mode: 0o755 });
      // A stand-in for node: prints what the real process would see.
      writeFileSync(
        join(directory, 'node'),
        '#!/bin/sh\necho "args=$*"\necho "key=$HEYGATE_MASTER_KEY"\necho "file=${HEYGATE_MASTER_KEY_FILE:-unset}"\necho "url=$HEYGATE_DATABASE_URL"\n',
      );
      chmodSync(join(directory, 'node'), 0o755);
      writeFileSync(join(directory, 'master_key'), 'c2VjcmV0LWtleS1mcm9tLWZpbGU=\n');
      const output = execFileSync(join(directory, 'entrypoint'), ['serve', '--host', '0.0.0.0'], {
        env: {
          PATH: `${directory}:/usr/bin:/bin`,
          HEYGATE_MASTER_KEY_FILE: join(directory, 'master_key'),
          HEYGATE_DATABASE_URL: 'postgres://direct',
        },
        encoding: 'utf8',
      });
      expect(output).toContain('args=/app/bin/heygate.js serve --host 0.0.0.0');
      expect(output).toContain('key=c2VjcmV0LWtleS1mcm9tLWZpbGU=');
      expect(output).toContain('file=unset');
      expect(output).toContain('url=postgres://direct');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('compose.yaml', () => {
  const services = compose.services;

  it('has two gateway processes, Postgres, Redis, a proxy and a one-shot migration', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['heygate-1', 'heygate-2', 'migrate', 'postgres', 'proxy', 'redis'].sort(),
    );
    for (const name of ['heygate-1', 'heygate-2']) {
      expect(services[name]).toMatchObject({
        depends_on: {
          migrate: { condition: 'service_completed_successfully' },
          redis: { condition: 'service_healthy' },
        },
      });
    }
    expect(services.migrate).toMatchObject({ depends_on: { postgres: { condition: 'service_healthy' } } });
  });

  it('shares the database, Redis and master key through secrets, never inline values', () => {
    for (const name of ['heygate-1', 'heygate-2', 'migrate']) {
      const environment = services[name]!.environment as Record<string, string>;
      expect(environment.HEYGATE_DATABASE_URL_FILE).toBe('/run/secrets/database_url');
      expect(environment.HEYGATE_MASTER_KEY_FILE).toBe('/run/secrets/master_key');
      expect(environment.HEYGATE_MASTER_KEY).toBeUndefined();
      expect(environment.HEYGATE_DATABASE_URL).toBeUndefined();
      for (const secret of services[name]!.secrets as string[]) expect(compose.secrets[secret]).toBeDefined();
    }
    expect((services['heygate-1']!.environment as Record<string, string>).HEYGATE_REDIS_URL).toMatch(
      /^redis:\/\/redis:6379/,
    );
    for (const { file } of Object.values(compose.secrets)) expect(file).toMatch(/^\.\/secrets\//);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^secrets\/$/m);
  });

  it('gives the drain time to finish before the kill, and runs commands heygate has', async () => {
    const help = await serveHelp();
    for (const name of ['heygate-1', 'heygate-2']) {
      const command = services[name]!.command as string[];
      expect(command[0]).toBe('serve');
      for (const option of command.filter((arg) => arg.startsWith('--'))) expect(help).toContain(option);
      const drain = Number(command[command.indexOf('--drain-timeout') + 1]!.replace(/s$/, ''));
      const grace = Number(String(services[name]!.stop_grace_period).replace(/s$/, ''));
      expect(grace).toBeGreaterThan(drain);
    }
    expect(services.migrate!.command).toEqual(['vault', 'status']);
  });

  it('balances both processes behind the proxy, passes request ids and keeps /metrics private', () => {
    const nginx = compose.configs.nginx!.content;
    expect(nginx).toMatch(/server heygate-1:4000/);
    expect(nginx).toMatch(/server heygate-2:4000/);
    expect(nginx).toMatch(/proxy_set_header X-Request-Id/);
    expect(nginx).toMatch(/location = \/metrics \{ return 404; \}/);
    expect(nginx).toMatch(/proxy_buffering off/);
  });
});
