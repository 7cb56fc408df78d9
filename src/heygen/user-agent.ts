import { readFileSync } from 'node:fs';

/**
 * The `User-Agent` heygate sends to HeyGen: `heygate/<version>`, so HeyGen can tell gateway traffic apart
 * in its logs and support can match requests. The version is read once from package.json.
 */
export const userAgent: string = `heygate/${
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version
}`;
