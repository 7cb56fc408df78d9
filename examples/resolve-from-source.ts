// In this repository, `import 'heygate/…'` resolves to the TypeScript sources instead of the built `dist/`, so the
// examples run without `npm run build`: `node --import ./examples/resolve-from-source.ts examples/…`. In your own
// project `heygate` is the installed package and this file is not needed.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};

/** `heygate/ai-sdk` → `src/surfaces/ai-sdk/index.ts`, from package.json's exports (`./dist/X.js` → `./src/X.ts`). */
const sources = new Map<string, string>();
for (const [subpath, target] of Object.entries(manifest.exports)) {
  const file = typeof target === 'string' ? target : target.default;
  if (!file.startsWith('./dist/') || !file.endsWith('.js')) continue;
  const specifier = subpath === '.' ? 'heygate' : `heygate/${subpath.slice(2)}`;
  sources.set(specifier, new URL(`src/${file.slice('./dist/'.length, -'.js'.length)}.ts`, root).href);
}

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    const source = sources.get(specifier);
    return source ? { url: source, shortCircuit: true } : nextResolve(specifier, context);
  },
});
