import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { table, withGateway } from './with-gateway.ts';

/** Parses repeated `Name: value` / `NAME=value` options into a record. */
function pairs(values: readonly string[], separator: ':' | '=', flag: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values) {
    const index = value.indexOf(separator);
    if (index <= 0) {
      throw new InvalidInputError('cli', [
        {
          field: flag,
          expected: separator === ':' ? '"Name: value"' : 'NAME=value',
          message: `${flag} "${value.split(separator)[0]}…" is not ${separator === ':' ? '"Name: value"' : 'NAME=value'}.`,
        },
      ]);
    }
    record[value.slice(0, index).trim()] = value.slice(index + 1).trim();
  }
  return record;
}

/** Values may come from the environment (`--header 'Authorization: env:CMS_TOKEN'`), so secrets stay out of argv. */
function fromEnvironment(runtime: CliRuntime, record: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    const match = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
    if (match) {
      const found = runtime.env[match[1]!];
      if (found === undefined) {
        throw new InvalidInputError('cli', [
          {
            field: name,
            expected: 'a set environment variable',
            message: `Environment variable ${match[1]} is not set.`,
          },
        ]);
      }
      resolved[name] = found;
    } else {
      resolved[name] = value;
    }
  }
  return resolved;
}

/**
 * `heygate connections …`: other MCP servers flows can call (`mcp:` steps), as a stdio command or a Streamable
 * HTTP URL. Header and environment values are sealed in the vault and never printed.
 */
export function registerConnectionsCommand(program: Command, runtime: CliRuntime): void {
  const connections = program
    .command('connections')
    .description('other MCP servers flows can call (secrets sealed in the vault)');

  connections
    .command('add')
    .description('add a connection: --command "…" (stdio) or --url URL [--header "Name: value"]')
    .argument('<name>', 'connection name, used as mcp.connection in flows')
    .option('--command <line>', 'command line that starts an MCP stdio server')
    .option('--url <url>', 'Streamable HTTP MCP endpoint')
    .option('--header <header...>', 'HTTP header "Name: value" (value may be env:VAR)', [])
    .option('--env <pair...>', 'environment NAME=value for the command (value may be env:VAR)', [])
    .option('--no-check', "do not connect to list the server's tools")
    .action(
      async (
        name: string,
        options: { command?: string; url?: string; header: string[]; env: string[]; check: boolean },
      ) => {
        await withGateway(runtime, async (gateway) => {
          const { openFlows } = await import('../../../flows/open-flows.ts');
          const flows = openFlows({ gateway, env: runtime.env, execute: false, engine: 'embedded' });
          try {
            const added = await flows.connections.add({
              name,
              ...(options.command === undefined ? {} : { command: options.command }),
              ...(options.url === undefined ? {} : { url: options.url }),
              headers: fromEnvironment(runtime, pairs(options.header, ':', '--header')),
              env: fromEnvironment(runtime, pairs(options.env, '=', '--env')),
            });
            runtime.stdout(`added connection ${added.name} (${added.kind}: ${added.command ?? added.url})\n`);
            if (options.check) {
              try {
                const tools = await flows.mcp.listTools(name);
                runtime.stdout(
                  `  ${tools.length} tools: ${tools
                    .map((tool) => tool.name)
                    .slice(0, 20)
                    .join(', ')}\n`,
                );
              } catch (error) {
                runtime.stderr(`warning: could not list its tools now: ${(error as Error).message}\n`);
              }
            }
          } finally {
            await flows.close();
          }
        });
      },
    );

  connections
    .command('list')
    .description('list connections (secret names only)')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withGateway(runtime, async (gateway) => {
        const { openFlows } = await import('../../../flows/open-flows.ts');
        const flows = openFlows({ gateway, env: runtime.env, execute: false, engine: 'embedded' });
        const list = await flows.connections.list();
        await flows.close();
        if (options.json) return runtime.stdout(`${JSON.stringify(list, null, 2)}\n`);
        if (list.length === 0) return runtime.stdout('no connections\n');
        runtime.stdout(
          table([
            ['NAME', 'KIND', 'TARGET', 'SECRETS'],
            ...list.map((entry) => [
              entry.name,
              entry.kind,
              entry.command ?? entry.url ?? '',
              entry.secrets.join(','),
            ]),
          ]),
        );
      });
    });

  connections
    .command('remove')
    .description('remove a connection')
    .argument('<name>', 'connection name')
    .action(async (name: string) => {
      await withGateway(runtime, async (gateway) => {
        const { openFlows } = await import('../../../flows/open-flows.ts');
        const flows = openFlows({ gateway, env: runtime.env, execute: false, engine: 'embedded' });
        const removed = await flows.connections.remove(name);
        await flows.close();
        runtime.stdout(removed ? `removed connection ${name}\n` : `no connection named ${name}\n`);
        if (!removed) runtime.exitCode = 2;
      });
    });
}
