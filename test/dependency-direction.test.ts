import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The folder dependency direction of DESIGN.md is a lint rule (eslint.config.js). These cases prove the rule
 * bites: each forbidden import is reported, each allowed one is not.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function violations(filePath: string, importPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${importPath}';\nexport const y = x;\n`, {
    filePath,
  });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('dependency direction', () => {
  it.each([
    ['src/catalog/example.ts', '../heygen/client.ts'],
    ['src/catalog/example.ts', '../gateway/gateway.ts'],
    ['src/heygen/example.ts', '../gateway/gateway.ts'],
    ['src/heygen/example.ts', '../surfaces/cli/main.ts'],
    ['src/gateway/example.ts', '../surfaces/mcp/index.ts'],
    ['src/gateway/example.ts', '../emulator/index.ts'],
    ['src/emulator/example.ts', '../heygen/client.ts'],
    ['src/store/example.ts', '../gateway/gateway.ts'],
    ['src/vault/example.ts', '../store/store.ts'],
    ['src/surfaces/mcp/example.ts', '../lua/index.ts'],
  ])('%s may not import %s', async (file, target) => {
    expect(await violations(file, target)).toHaveLength(1);
  });

  it.each([
    ['src/heygen/example.ts', '../catalog/index.ts'],
    ['src/gateway/example.ts', '../heygen/client.ts'],
    ['src/gateway/example.ts', '../store/store.ts'],
    ['src/emulator/example.ts', '../catalog/index.ts'],
    ['src/surfaces/cli/example.ts', '../mcp/index.ts'],
    ['src/surfaces/mcp/example.ts', '../../gateway/types.ts'],
  ])('%s may import %s', async (file, target) => {
    expect(await violations(file, target)).toHaveLength(0);
  });
});
