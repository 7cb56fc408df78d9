import type { Command } from 'commander';
import { z } from 'zod';
import type { Access, ToolDefinition } from '../../../catalog/define-tool.ts';
import { catalog, getTool, searchTools } from '../../../catalog/index.ts';
import { dialectToolSchema, parseSchemaDialect, schemaDialects } from '../../internal/schema-dialect.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { table } from './with-gateway.ts';

/** The row `tools list --json` prints per tool: a contract other checks rely on (issue #2). */
export interface ToolListing {
  name: string;
  title: string;
  area: string;
  access: Access;
  /** HTTP method of the HeyGen endpoint the tool calls (for a seed tool carried on v3: the v3 endpoint). */
  method: string;
  /** Path of that endpoint. */
  path: string;
  host: string;
  /** True when the tool calls HeyGen's v1/v2 API (end of life 2026-11-01). */
  legacy: boolean;
  sunset: string | null;
  family: ToolDefinition['family'];
  /** Job kind the tool starts, if any. */
  job: string | null;
}

/** Projects a catalog entry onto its listing row. */
export function toListing(tool: ToolDefinition): ToolListing {
  return {
    name: tool.name,
    title: tool.title,
    area: tool.area,
    access: tool.access,
    method: tool.endpoint.method,
    path: tool.endpoint.path,
    host: tool.endpoint.host,
    legacy: tool.legacy !== undefined,
    sunset: tool.legacy?.sunset ?? null,
    family: tool.family,
    job: tool.job?.kind ?? null,
  };
}

const accessLevels: readonly Access[] = ['read', 'write', 'destructive'];

/** `heygate tools list|describe|search`: browse the catalog. */
export function registerToolsCommand(program: Command, runtime: CliRuntime): void {
  const tools = program.command('tools').description('browse the tool catalog');

  tools
    .command('list')
    .description('list tools')
    .option('--area <area>', 'only tools of this area')
    .option('--access <access>', 'only tools of this access class (read|write|destructive)')
    .option('--family <family>', 'only v3, seed, kosmokrator or heygate tools')
    .option('--json', 'print one JSON array')
    .action((options: { area?: string; access?: string; family?: string; json?: boolean }) => {
      if (options.access !== undefined && !accessLevels.includes(options.access as Access)) {
        throw program.error(`--access must be one of: ${accessLevels.join(', ')} (got "${options.access}")`, {
          exitCode: 2,
        });
      }
      const selected = catalog.filter(
        (tool) =>
          (options.area === undefined || tool.area === options.area) &&
          (options.access === undefined || tool.access === options.access) &&
          (options.family === undefined || tool.family === options.family),
      );
      const rows = selected.map(toListing);
      if (options.json) {
        runtime.stdout(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      runtime.stdout(
        table([
          ['NAME', 'AREA', 'ACCESS', 'ENDPOINT', 'LEGACY'],
          ...rows.map((row) => [
            row.name,
            row.area,
            row.access,
            `${row.method} ${row.path}`,
            row.sunset ?? '',
          ]),
        ]),
      );
      runtime.stderr(`${rows.length} tools\n`);
    });

  tools
    .command('describe')
    .description(
      'what a tool does, its fields, an example call and what to call next (--json: the JSON Schema)',
    )
    .argument('<name>', 'tool name')
    .option('--json', 'print the metadata and input/output JSON Schema as JSON')
    .option(
      '--dialect <name>',
      `input schema as published to a model family (implies --json): ${schemaDialects.join(' | ')}`,
    )
    .action(async (name: string, options: { json?: boolean; dialect?: string }) => {
      if (options.dialect !== undefined && !(schemaDialects as readonly string[]).includes(options.dialect)) {
        throw program.error(
          `--dialect must be one of: ${schemaDialects.join(', ')} (got "${options.dialect}")`,
          {
            exitCode: 2,
          },
        );
      }
      const tool = getTool(name);
      if (!options.json && options.dialect === undefined) {
        runtime.stdout((await import('../describe-tool.ts')).describeTool(tool));
        return;
      }
      // Without --dialect: the catalog's exact input schema; with it, what an agent surface publishes.
      const inputSchema =
        options.dialect === undefined
          ? z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' })
          : dialectToolSchema(tool, parseSchemaDialect(options.dialect)).schema;
      const description = {
        ...toListing(tool),
        description: tool.description,
        idempotent: tool.idempotent,
        portability: tool.portability,
        heygen_auth: tool.heygenAuth,
        cost: tool.cost?.note ?? null,
        ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
        input_schema: inputSchema,
        output_schema: z.toJSONSchema(tool.output(), { io: 'output', unrepresentable: 'any' }),
      };
      runtime.stdout(JSON.stringify(description, null, 2) + '\n');
    });

  tools
    .command('search')
    .description('find tools by intent, e.g. "translate a video"')
    .argument('<query...>', 'what you want to do')
    .option('--limit <n>', 'at most this many results', '10')
    .option('--json', 'print JSON')
    .action((words: string[], options: { limit: string; json?: boolean }) => {
      const limit = Number.parseInt(options.limit, 10);
      if (!Number.isInteger(limit) || limit < 1) {
        throw program.error(`--limit must be a positive integer (got "${options.limit}")`, { exitCode: 2 });
      }
      const found = searchTools(words.join(' '), limit);
      if (options.json) {
        runtime.stdout(JSON.stringify(found.map(toListing), null, 2) + '\n');
        return;
      }
      runtime.stdout(
        table([['NAME', 'ACCESS', 'TITLE'], ...found.map((tool) => [tool.name, tool.access, tool.title])]),
      );
    });
}
