/**
 * `heygate/ai-sdk`: HeyGen tools for the Vercel AI SDK, executed through heygate. See docs/ai-sdk.md.
 */
export { createHeyGenTools, type HeyGenToolsOptions } from './create-heygen-tools.ts';
