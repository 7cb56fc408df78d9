#!/usr/bin/env node
// Entry point of the `heygate` command. In a source checkout Node runs the TypeScript directly (type stripping);
// an installed package runs the compiled output in dist/. Supported Node: 22.18+ on the 22 line, or 24+ (ADR 0038).

// Checked before anything else loads, so an unsupported Node gets one clear line instead of a stack trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (!((major === 22 && minor >= 18) || major >= 24)) {
  process.stderr.write(
    `heygate: needs Node.js 22.18+ or 24+, this is Node.js ${process.versions.node}; install a supported Node ` +
      '(in a heygate checkout, `npm run heygate -- …` runs the Node 24 that npm installed).\n',
  );
  process.exit(1);
}

const { existsSync } = await import('node:fs');
const { default: module } = await import('node:module');

// node:sqlite is stable enough for heygate's use on both supported lines; Node 22 still announces it as
// experimental on every start, which would land in every MCP client's log. Other warnings pass through.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if (String(warning).startsWith('SQLite is an experimental feature')) return;
  emitWarning(warning, ...rest);
};

// Cache compiled (and type-stripped) modules on disk: stripping ~1 MB of TypeScript on every start costs
// more than half of an MCP client's wait for `heygate mcp` (see bench/mcp-cold-start.ts).
module.enableCompileCache?.();

const source = new URL('../src/surfaces/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/surfaces/cli/main.js', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : compiled.href);
process.exitCode = await main(process.argv.slice(2));
