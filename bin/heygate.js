#!/usr/bin/env node
// Entry point of the `heygate` command. In a source checkout Node 24 runs the TypeScript directly
// (type stripping); an installed package runs the compiled output in dist/.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Cache compiled (and type-stripped) modules on disk: stripping ~1 MB of TypeScript on every start costs
// more than half of an MCP client's wait for `heygate mcp` (see bench/mcp-cold-start.ts).
module.enableCompileCache?.();

const source = new URL('../src/surfaces/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/surfaces/cli/main.js', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : compiled.href);
process.exitCode = await main(process.argv.slice(2));
