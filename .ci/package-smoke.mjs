/* global process, console */
// Run by .ci/check-package inside the scratch folder where the packed heygate is installed: imports every
// public entry point, then starts `npx heygate mcp --sandbox` through the real MCP SDK client (the copy heygate
// installed) and calls a tool. Exits non-zero with the reason on the first failure.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const fail = (message) => {
  console.error(`package-smoke: ${message}`);
  process.exit(1);
};

const entries = ['heygate', 'heygate/catalog', 'heygate/heygen', 'heygate/gateway', 'heygate/emulator'];
entries.push('heygate/mcp', 'heygate/ai-sdk', 'heygate/openai', 'heygate/lua', 'heygate/test');
for (const entry of entries) {
  try {
    await import(entry);
  } catch (error) {
    fail(`import('${entry}') failed on Node ${process.versions.node}: ${error.message}`);
  }
}
if (process.argv[2] === '--imports-only') {
  console.log(`package-smoke: ${entries.length} entry points import on Node ${process.versions.node}`);
  process.exit(0);
}

const transport = new StdioClientTransport({
  command: 'npx',
  args: ['--no-install', 'heygate', 'mcp', '--sandbox'],
  env: Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined)),
  stderr: 'inherit',
});
const client = new Client({ name: 'package-smoke', version: '0.0.0' });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  if (!tools.some((tool) => tool.name === 'call_tool'))
    fail(`no call_tool among ${tools.map((t) => t.name)}`);
  const result = await client.callTool({
    name: 'call_tool',
    arguments: { name: 'user_me_get', arguments: {} },
  });
  if (result.isError) fail(`user_me_get over MCP failed: ${JSON.stringify(result.content)}`);
  if (!result.structuredContent || typeof result.structuredContent !== 'object')
    fail('user_me_get over MCP returned no structured content');
  console.log(
    `package-smoke: ${entries.length} entry points import and \`heygate mcp --sandbox\` answers ` +
      `user_me_get over MCP (${tools.length} tools) on Node ${process.versions.node}`,
  );
} finally {
  await client.close();
}
