/**
 * Checks the built package (`npm run build` first): every subpath export resolves by package name from
 * dist/, and the compiled emulator serves its media files. Run by .ci/run so a published package cannot
 * miss a file the source tree has.
 */
import { existsSync, readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
};
for (const subpath of Object.keys(manifest.exports)) {
  if (subpath === './package.json') continue;
  const specifier = subpath === '.' ? 'heygate' : `heygate/${subpath.slice(2)}`;
  const loaded = (await import(specifier)) as Record<string, unknown>;
  if (Object.keys(loaded).length === 0) throw new Error(`${specifier} exports nothing`);
  process.stdout.write(`ok ${specifier} (${Object.keys(loaded).length} exports)\n`);
}

// Specifiers held in variables: the compiled package is typed like the source, and typecheck runs before a build.
const root: string = 'heygate';
const testHelpers: string = 'heygate/test';
const { catalog, createHeyGenClient } = (await import(root)) as typeof import('../src/index.ts');
const { startEmulator } = (await import(testHelpers)) as typeof import('../src/test/index.ts');
const started = await startEmulator({});
const client = createHeyGenClient(started.clientOptions);
const { avatarId, voiceId } = started.emulator.inspect.library();
const created = await client.call('video_create', {
  type: 'avatar',
  avatar_id: avatarId,
  voice_id: voiceId,
  script: 'Hi',
});
const finished = (
  await client.call('video_wait', { video_id: (created.data as { video_id: string }).video_id })
).data as {
  video_url: string;
};
const media = await started.fetch(new Request(finished.video_url));
const bytes = new Uint8Array(await media.arrayBuffer());
if (media.status !== 200 || String.fromCharCode(...bytes.slice(4, 8)) !== 'ftyp') {
  throw new Error(`dist emulator did not serve an MP4 (status ${media.status})`);
}
await started.close();
if (!existsSync(new URL('../dist/surfaces/internal/generated/tool-json-schemas.json', import.meta.url))) {
  throw new Error('dist lacks the generated tool JSON Schema snapshot');
}
process.stdout.write(`ok dist: ${catalog.length} tools, emulator media served\n`);
