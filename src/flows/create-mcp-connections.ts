import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HeyGateError } from '../catalog/errors.ts';
import {
  ConnectionNotFoundError,
  type ConnectionManager,
  type ConnectionTarget,
} from './connection-manager.ts';
import type { ConnectionTool } from './validate-flow.ts';

/** What an `mcp` step's call returns: the tool's text, its structured content, and the raw content list. */
export interface McpStepOutput {
  /** The text parts joined by newlines. */
  text: string;
  /** `structuredContent`, when the tool returned one. */
  structured?: unknown;
  content: CallToolResult['content'];
}

/** Calls tools on other MCP servers through stored connections, keeping one client per connection. */
export interface McpConnections {
  call(
    connection: string,
    tool: string,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<McpStepOutput>;
  /** The connection's tools (for save-time validation). */
  listTools(connection: string): Promise<ConnectionTool[]>;
  close(): Promise<void>;
}

/** An MCP server answered the call with `isError`, or could not be reached. */
export class McpStepError extends HeyGateError {
  constructor(message: string, options: { code: string; retryable: boolean; cause?: unknown }) {
    super(message, options);
    this.name = 'McpStepError';
  }
}

/** Options of {@link createMcpConnections}. */
export interface McpConnectionsOptions {
  connections: Pick<ConnectionManager, 'open'>;
  /** Bound of one call (default 5 minutes; a step's own timeout may be shorter). */
  callTimeoutMs?: number;
  /** Where a stdio server's stderr goes (default: ignored, so a chatty server cannot fill the gateway's log). */
  stderr?: 'ignore' | 'inherit';
}

function transportFor(target: ConnectionTarget, stderr: 'ignore' | 'inherit') {
  if (target.kind === 'stdio') {
    // The SDK passes only a safe subset of the gateway's environment (PATH, HOME, …) plus the stored values:
    // the master key and HeyGen keys never reach the other server.
    return new StdioClientTransport({
      command: target.command,
      args: target.args,
      env: { ...getDefaultEnvironment(), ...target.env },
      stderr,
    });
  }
  return new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers } });
}

function outputOf(result: CallToolResult): McpStepOutput {
  const content = result.content ?? [];
  const text = content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  return {
    text,
    ...(result.structuredContent === undefined ? {} : { structured: result.structuredContent }),
    content,
  };
}

/**
 * Creates the MCP client side of flows: `mcp` steps call `tools/call` on another server through a stored
 * connection (stdio command or Streamable HTTP URL with its headers), with the official SDK client. A client
 * is opened on first use and kept; a transport failure drops it so the next call (the step's retry)
 * reconnects.
 */
export function createMcpConnections(options: McpConnectionsOptions): McpConnections {
  const clients = new Map<string, Promise<Client>>();
  const timeoutMs = options.callTimeoutMs ?? 5 * 60_000;

  async function connect(name: string): Promise<Client> {
    const target = await options.connections.open(name);
    if (!target) throw new ConnectionNotFoundError(name);
    const client = new Client({ name: 'heygate-flows', version: '1' });
    try {
      await client.connect(transportFor(target, options.stderr ?? 'ignore'));
    } catch (error) {
      throw new McpStepError(`Could not connect to MCP connection "${name}": ${(error as Error).message}`, {
        code: 'connection_error',
        retryable: true,
        cause: error,
      });
    }
    client.onclose = () => clients.delete(name);
    return client;
  }

  function clientFor(name: string): Promise<Client> {
    let client = clients.get(name);
    if (!client) {
      client = connect(name);
      clients.set(name, client);
      client.catch(() => clients.delete(name));
    }
    return client;
  }

  return {
    async call(connection, tool, input, signal) {
      const client = await clientFor(connection);
      let result: CallToolResult;
      try {
        result = (await client.callTool({ name: tool, arguments: input }, undefined, {
          timeout: timeoutMs,
          ...(signal ? { signal } : {}),
        })) as CallToolResult;
      } catch (error) {
        if (signal?.aborted) throw error;
        const code = (error as { code?: number }).code;
        // -32602 (invalid params) and -32601 (unknown method/tool) will not change on a retry.
        const permanent = code === -32602 || code === -32601;
        if (!permanent) {
          clients.delete(connection);
          await client.close().catch(() => {});
        }
        throw new McpStepError(`${connection}/${tool} failed: ${(error as Error).message}`, {
          code: permanent ? 'mcp_invalid_call' : 'connection_error',
          retryable: !permanent,
          cause: error,
        });
      }
      const output = outputOf(result);
      if (result.isError) {
        throw new McpStepError(`${connection}/${tool} answered an error: ${output.text.slice(0, 500)}`, {
          code: 'mcp_tool_error',
          retryable: false,
        });
      }
      return output;
    },

    async listTools(connection) {
      const client = await clientFor(connection);
      const tools: ConnectionTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {});
        tools.push(
          ...page.tools.map((tool) => ({
            name: tool.name,
            inputSchema: tool.inputSchema as Record<string, unknown>,
          })),
        );
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },

    async close() {
      const open = [...clients.values()];
      clients.clear();
      await Promise.all(
        open.map(async (client) => (await client.catch(() => undefined))?.close().catch(() => {})),
      );
    },
  };
}
