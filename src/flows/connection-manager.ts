import { InvalidInputError } from '../catalog/errors.ts';
import { HeyGateError } from '../catalog/errors.ts';
import type { ConnectionRow, FlowStore } from '../store/flow-store.ts';
import type { Vault } from '../vault/vault.ts';

/** Prefix of a connection's vault record id: the AAD binds its sealed secrets to its name. */
export const connectionRecordPrefix = 'connection:';

/** How heygate reaches another MCP server. */
export type ConnectionTarget =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { kind: 'http'; url: string; headers: Record<string, string> };

/** A connection as listings show it: no secret values, only which headers or variables are set. */
export interface ConnectionView {
  name: string;
  kind: 'stdio' | 'http';
  /** The command line (stdio). */
  command?: string;
  /** The server URL (http). */
  url?: string;
  /** Names of the headers (http) or environment variables (stdio) stored sealed. */
  secrets: string[];
  created_at: string;
}

/** What `add` takes. */
export interface AddConnectionOptions {
  name: string;
  /** A command line that starts an MCP stdio server, e.g. `npx -y @modelcontextprotocol/server-everything`. */
  command?: string;
  /** A Streamable HTTP MCP endpoint. */
  url?: string;
  /** Headers sent to the HTTP server (e.g. `Authorization: Bearer …`); sealed in the vault. */
  headers?: Record<string, string>;
  /** Environment variables for the stdio server (e.g. an API token); sealed in the vault. */
  env?: Record<string, string>;
}

/** Stored connections to other MCP servers, their secrets sealed by the vault. */
export interface ConnectionManager {
  add(options: AddConnectionOptions): Promise<ConnectionView>;
  list(): Promise<ConnectionView[]>;
  /** The connection with its secrets opened (for the MCP client only; never shown). */
  open(name: string): Promise<ConnectionTarget | undefined>;
  remove(name: string): Promise<boolean>;
}

/** The named connection does not exist. */
export class ConnectionNotFoundError extends HeyGateError {
  constructor(name: string) {
    super(`No connection named "${name}".`, {
      code: 'unknown_connection',
      hint: 'Add it with `heygate connections add NAME --command "…"` or `--url URL`.',
    });
    this.name = 'ConnectionNotFoundError';
  }
}

const namePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Splits a command line into words the way a POSIX shell would for plain words and quotes (no expansion,
 * no pipes): `node "my server.js" --flag` → `['node', 'my server.js', '--flag']`. The command is run directly,
 * never through a shell.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (quote) {
      if (character === quote) quote = undefined;
      else if (character === '\\' && quote === '"' && index + 1 < line.length) current += line[++index];
      else current += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      started = true;
    } else if (character === '\\' && index + 1 < line.length) {
      current += line[++index];
      started = true;
    } else if (/\s/.test(character)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += character;
      started = true;
    }
  }
  if (quote)
    throw invalid('--command', 'a command line with balanced quotes', 'the command has an unclosed quote.');
  if (started) words.push(current);
  return words;
}

function invalid(field: string, expected: string, message: string): InvalidInputError {
  return new InvalidInputError('connections', [{ field, expected, message: `${field}: ${message}` }]);
}

interface StoredConfig {
  command?: string;
  args?: string[];
  url?: string;
  /** Names of the sealed values. */
  secrets: string[];
}

function view(row: ConnectionRow): ConnectionView {
  const config = JSON.parse(row.config) as StoredConfig;
  return {
    name: row.name,
    kind: row.kind,
    ...(config.command === undefined
      ? {}
      : {
          command: [config.command, ...(config.args ?? [])]
            .map((word) => (/\s/.test(word) ? JSON.stringify(word) : word))
            .join(' '),
        }),
    ...(config.url === undefined ? {} : { url: config.url }),
    secrets: config.secrets,
    created_at: row.createdAt,
  };
}

/** Options of {@link createConnectionManager}. */
export interface ConnectionManagerOptions {
  flowStore: FlowStore;
  vault: Vault;
  clock?: { now(): number };
}

/**
 * Creates the connection manager (`heygate connections …`). Header and environment values are sealed in
 * the vault under `connection:<name>` (re-wrapped on master-key rotation); listings show their names only.
 */
export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  const { flowStore, vault } = options;
  const clock = options.clock ?? Date;
  return {
    async add(input) {
      if (!namePattern.test(input.name)) {
        throw invalid(
          'name',
          'lowercase letters, digits, - and _ (at most 64)',
          `"${input.name}" is not a valid connection name.`,
        );
      }
      if ((input.command === undefined) === (input.url === undefined)) {
        throw invalid(
          '--command/--url',
          'exactly one of --command or --url',
          'give either --command "…" or --url URL.',
        );
      }
      let config: StoredConfig;
      let secrets: Record<string, string>;
      if (input.command !== undefined) {
        if (input.headers && Object.keys(input.headers).length > 0)
          throw invalid(
            '--header',
            'headers only with --url',
            'headers apply to HTTP connections; use --env for a command.',
          );
        const [command, ...args] = splitCommandLine(input.command);
        if (!command) throw invalid('--command', 'a command line', 'the command is empty.');
        secrets = input.env ?? {};
        config = { command, args, secrets: Object.keys(secrets) };
      } else {
        let url: URL;
        try {
          url = new URL(input.url!);
        } catch {
          throw invalid('--url', 'an http(s) URL', `"${input.url}" is not a URL.`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw invalid('--url', 'an http(s) URL', `only http and https are supported, not ${url.protocol}`);
        if (url.username || url.password)
          throw invalid(
            '--url',
            'a URL without credentials',
            'put credentials in --header, where they are sealed.',
          );
        if (input.env && Object.keys(input.env).length > 0)
          throw invalid(
            '--env',
            'environment only with --command',
            'environment variables apply to command connections.',
          );
        secrets = input.headers ?? {};
        config = { url: url.href, secrets: Object.keys(secrets) };
      }
      const at = new Date(clock.now()).toISOString();
      const secretRecord =
        Object.keys(secrets).length > 0
          ? await vault.seal(`${connectionRecordPrefix}${input.name}`, JSON.stringify(secrets))
          : null;
      const row: ConnectionRow = {
        name: input.name,
        kind: input.command !== undefined ? 'stdio' : 'http',
        config: JSON.stringify(config),
        secretRecord,
        createdAt: at,
        updatedAt: at,
      };
      await flowStore.insertConnection(row);
      return view(row);
    },

    async list() {
      return (await flowStore.listConnections()).map(view);
    },

    async open(name) {
      const row = await flowStore.getConnection(name);
      if (!row) return undefined;
      const config = JSON.parse(row.config) as StoredConfig;
      const secrets = row.secretRecord
        ? (JSON.parse(await vault.open(`${connectionRecordPrefix}${name}`, row.secretRecord)) as Record<
            string,
            string
          >)
        : {};
      if (row.kind === 'stdio')
        return { kind: 'stdio', command: config.command!, args: config.args ?? [], env: secrets };
      return { kind: 'http', url: config.url!, headers: secrets };
    },

    remove: (name) => flowStore.deleteConnection(name),
  };
}
