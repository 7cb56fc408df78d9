import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { fencedBlocks } from './shell-commands.ts';

/**
 * Issue 11: configuration the docs tell readers to paste works as pasted. MCP client configurations
 * (`mcpServers` JSON) start a server an MCP client can list tools from; docs/deploy.md's systemd unit starts
 * `heygate serve`, which answers its public name and refuses others.
 */
const root = join(import.meta.dirname, '..', '..');
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const homes: string[] = [];
function home(): string {
  const path = mkdtempSync(join(tmpdir(), 'heygate-doc-config-'));
  homes.push(path);
  return path;
}
afterAll(() => {
  for (const path of homes) rmSync(path, { recursive: true, force: true });
});

/** MCP server entries not started here, each with why. */
const mcpExclusions: { match: (command: string, args: string[]) => boolean; reason: string }[] = [
  {
    match: (command, args) => command === 'npx' && args[0] === 'heygate',
    reason: 'runs the package from the npm registry, which this offline suite cannot reach',
  },
  {
    match: (command, args) => command === 'npx' && args[0] === '--prefix' && args[2] === 'heygate',
    reason:
      'runs the packed tarball installed in a folder: .ci/check-package installs it and runs this config',
  },
];

interface McpServerEntry {
  doc: string;
  line: number;
  command: string;
  args: string[];
}

const mcpServers: McpServerEntry[] = docs.flatMap((doc) =>
  fencedBlocks(doc, readFileSync(join(root, doc), 'utf8'))
    .filter((block) => block.lang === 'json' && block.body.includes('"mcpServers"'))
    .flatMap((block) => {
      const config = JSON.parse(block.body) as {
        mcpServers: Record<string, { command: string; args?: string[] }>;
      };
      return Object.values(config.mcpServers).map((server) => ({
        doc,
        line: block.line,
        command: server.command,
        args: server.args ?? [],
      }));
    }),
);

describe('MCP client configurations in the docs', () => {
  it('finds README.md’s', () => {
    expect(mcpServers.some((server) => server.doc === 'README.md')).toBe(true);
  });

  for (const server of mcpServers) {
    const excluded = mcpExclusions.find((entry) => entry.match(server.command, server.args));
    if (excluded) {
      it(`${server.doc}:${server.line} ${server.command} ${server.args.join(' ')} is not started: ${excluded.reason}`, () => {
        expect(excluded.reason).not.toBe('');
      });
      continue;
    }
    it(`${server.doc}:${server.line} ${server.command} ${server.args.join(' ')} serves tools over stdio`, async () => {
      const transport = new StdioClientTransport({
        command: server.command,
        args: server.args.map((arg) => arg.replaceAll('/path/to/heygate', root)),
        env: { PATH: process.env.PATH!, HOME: process.env.HOME!, HEYGATE_HOME: home() },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'documented-configs', version: '1.0.0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain('search_tools');
      } finally {
        await client.close();
      }
    }, 60_000);
  }
});

describe("docs/deploy.md's systemd unit", () => {
  const unit = fencedBlocks('docs/deploy.md', readFileSync(join(root, 'docs/deploy.md'), 'utf8')).find(
    (block) => block.lang === 'ini' && block.body.includes('ExecStart='),
  );

  it('starts serve, which answers its public name and refuses an unknown one', async () => {
    expect(unit).toBeDefined();
    const value = (key: string) =>
      unit!.body
        .split('\n')
        .filter((line) => line.startsWith(`${key}=`))
        .map((line) => line.slice(key.length + 1));
    const workingDirectory = value('WorkingDirectory')[0]!;
    const environment = Object.fromEntries(
      value('Environment').map((pair) => [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ]),
    );
    const publicUrl = new URL(environment.HEYGATE_PUBLIC_URL!);
    // The checkout stands in for WorkingDirectory, a fresh folder for the data, any free port for 4000.
    const [executable, ...args] = value('ExecStart')[0]!.replaceAll(workingDirectory, root).split(/\s+/);
    expect(executable).toBe(join(root, 'node_modules/.bin/node'));
    const port = args.indexOf('--port');
    args.splice(port, 2, '--port', '0');
    const child = spawn(executable!, args, {
      cwd: root,
      env: { PATH: process.env.PATH, ...environment, HEYGATE_HOME: home() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(output);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const asked = (host: string) =>
        new Promise<number>((resolve, reject) => {
          // fetch() does not let a caller set Host; a raw request does, as a reverse proxy would.
          const url = new URL('/v1/tools', base);
          import('node:http').then(({ request }) => {
            const req = request(
              { host: url.hostname, port: url.port, path: url.pathname, headers: { host } },
              (response) => {
                response.resume();
                resolve(response.statusCode ?? 0);
              },
            );
            req.once('error', reject);
            req.end();
          }, reject);
        });
      expect(await asked(publicUrl.host)).toBe(200);
      expect(await asked('elsewhere.example')).toBe(403);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 60_000);
});
