// Lint configuration. Besides the recommended rules, it enforces the dependency direction of DESIGN.md:
// catalog <- heygen <- gateway <- surfaces; store and vault are used by gateway; emulator uses catalog only;
// nothing imports surfaces (the CLI and HTTP surfaces are composition roots and may mount other surfaces).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Builds a no-restricted-imports rule forbidding imports of the named top-level folders of src/. */
function forbid(folders, why) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `(^|/)(${folders.join('|')})(/|$)`,
            message: `Dependency direction (DESIGN.md): ${why}`,
          },
        ],
      },
    ],
  };
}

const layers = [
  [
    'src/catalog/**',
    ['heygen', 'gateway', 'store', 'vault', 'surfaces', 'emulator', 'flows'],
    'catalog depends on nothing',
  ],
  [
    'src/heygen/**',
    ['gateway', 'store', 'vault', 'surfaces', 'emulator', 'flows'],
    'heygen depends on catalog only',
  ],
  [
    'src/vault/**',
    ['heygen', 'gateway', 'store', 'surfaces', 'emulator', 'flows'],
    'vault is self-contained',
  ],
  [
    'src/store/**',
    ['heygen', 'gateway', 'vault', 'surfaces', 'emulator', 'flows'],
    'store depends on catalog only',
  ],
  ['src/gateway/**', ['surfaces', 'emulator', 'flows'], 'gateway must not import surfaces or the emulator'],
  [
    'src/emulator/**',
    ['heygen', 'gateway', 'store', 'vault', 'surfaces', 'flows'],
    'emulator uses catalog only',
  ],
  ['src/flows/**', ['surfaces', 'emulator'], 'flows sit on the gateway'],
  [
    'src/observability/**',
    ['surfaces', 'emulator', 'flows'],
    'observability watches the gateway from beside it',
  ],
  [
    'src/surfaces/mcp/**',
    ['cli', 'http', 'lua', 'ai-sdk', 'openai'],
    'surfaces do not import sibling surfaces',
  ],
  [
    'src/surfaces/lua/**',
    ['cli', 'http', 'mcp', 'ai-sdk', 'openai'],
    'surfaces do not import sibling surfaces',
  ],
  [
    'src/surfaces/ai-sdk/**',
    ['cli', 'http', 'mcp', 'lua', 'openai'],
    'surfaces do not import sibling surfaces',
  ],
  [
    'src/surfaces/openai/**',
    ['cli', 'http', 'mcp', 'lua', 'ai-sdk'],
    'surfaces do not import sibling surfaces',
  ],
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'src/catalog/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript entry points run on Node.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
  ...layers.map(([files, folders, why]) => ({
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: forbid(folders, why),
  })),
);
