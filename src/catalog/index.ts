import { aiClipping } from './ai-clipping.ts';
import { assets } from './assets.ts';
import { audio } from './audio.ts';
import { avatarRealtime } from './avatar-realtime.ts';
import { avatars } from './avatars.ts';
import { backgroundRemovals } from './background-removals.ts';
import { brand } from './brand.ts';
import { compatTools } from './compat/index.ts';
import type { ToolDefinition } from './define-tool.ts';
import { UnknownToolError } from './errors.ts';
import { lipsyncs } from './lipsyncs.ts';
import { createToolSearch } from './create-tool-search.ts';
import { leadDescription } from './lead-description.ts';
import { hyperframes } from './hyperframes.ts';
import { templates } from './templates.ts';
import { users } from './users.ts';
import { videoAgents } from './video-agents.ts';
import { videoTranslations } from './video-translations.ts';
import { videos } from './videos.ts';
import { voices } from './voices.ts';
import { defineWaitTool, waitTools } from './wait-tools.ts';
import { webhooks } from './webhooks.ts';
import { editDistance } from './edit-distance.ts';

/**
 * THE list of heygate tools (DESIGN.md "The catalog is data"): one per HeyGen v3 operation, one `<job>_wait`
 * tool per job kind, and the compatibility tools (the seed's 71 tools and the KosmoKrator functions).
 * Everything else — client, emulator, surfaces, CLI, docs and tests — is derived from this array.
 */

/** The v3 tools, one per operation of HeyGen's v3 API, grouped by area. */
export const v3Tools: readonly ToolDefinition[] = [
  ...videos,
  ...videoTranslations,
  ...avatars,
  ...voices,
  ...assets,
  ...lipsyncs,
  ...templates,
  ...videoAgents,
  ...aiClipping,
  ...backgroundRemovals,
  ...webhooks,
  ...brand,
  ...audio,
  ...users,
  ...hyperframes,
  ...avatarRealtime,
];

const listed: readonly ToolDefinition[] = [...v3Tools, ...waitTools, ...compatTools];

/**
 * A `<job>_wait` tool for every job kind that a tool starts but no tool waits for yet (compatibility tools
 * with legacy job kinds), so "wait with `<kind>_wait`" always names a real tool.
 */
function derivedWaitTools(tools: readonly ToolDefinition[]): ToolDefinition[] {
  const names = new Set(tools.map((tool) => tool.name));
  const derived = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    const job = tool.job;
    if (!job || tool.implementation.kind === 'wait' || names.has(`${job.kind}_wait`) || derived.has(job.kind))
      continue;
    const status = tools.find((candidate) => candidate.name === job.statusTool);
    if (!status) continue; // the catalog test reports a job whose status tool is missing
    const what = job.kind.replace(/_/g, ' ');
    derived.set(
      job.kind,
      defineWaitTool({
        job,
        status,
        title: `Wait for ${what}`,
        area: status.area,
        description:
          `Block until a ${what} job (${job.idField} from ${tool.name}) reaches ${job.success.join(' or ')} ` +
          `or fails (${job.failure.join(', ')}), then return what ${job.statusTool} reports.`,
      }),
    );
  }
  return [...derived.values()];
}

/** Every tool. */
export const catalog: readonly ToolDefinition[] = [...listed, ...derivedWaitTools(listed)];

// Each description ends by leading to the next call: where its ids come from, how long its job takes and what
// waits for it (lead-description.ts). Done once here so tools added to any area file get it too.
for (const tool of catalog) tool.description = leadDescription(tool);

/** Tools by name, built once: lookups are O(1). The first definition wins (the catalog test forbids twins). */
const byName = new Map<string, ToolDefinition>();
for (const tool of catalog) if (!byName.has(tool.name)) byName.set(tool.name, tool);

/** The areas tools belong to, in catalog order. */
export const areas: readonly string[] = [...new Set(catalog.map((tool) => tool.area))];

/** The tool of that name, or `undefined`. */
export function findTool(name: string): ToolDefinition | undefined {
  return byName.get(name);
}

/** The tool of that name; throws `UnknownToolError` with up to three close names otherwise. */
export function getTool(name: string): ToolDefinition {
  const tool = byName.get(name);
  if (tool) return tool;
  throw new UnknownToolError(name, suggestNames(name));
}

/** Tools ranked by how well their name, title, area and description match the query (best first). */
export const searchTools: (query: string, limit?: number) => ToolDefinition[] = createToolSearch(catalog);

/** Close names for a mistyped tool: small edit distance first, then keyword matches. */
function suggestNames(name: string): string[] {
  const wanted = name.toLowerCase();
  const near = catalog
    .map((tool) => ({ name: tool.name, distance: editDistance(wanted, tool.name) }))
    .filter((entry) => entry.distance <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .map((entry) => entry.name);
  const related = searchTools(name.replace(/_/g, ' '), 3).map((tool) => tool.name);
  return [...new Set([...near, ...related])].slice(0, 3);
}

export {
  defineTool,
  lazySchema,
  type Access,
  type BodyEncoding,
  type CompositeContext,
  type CostEstimate,
  type Envelope,
  type Host,
  type HttpMethod,
  type JobKind,
  type LazySchema,
  type LegacyInfo,
  type Portability,
  type RequestShape,
  type ToolDefinition,
  type ToolImplementation,
} from './define-tool.ts';
export { HeyGateError, InvalidInputError, UnknownToolError, type InputIssue } from './errors.ts';
export { parseInput, parseOutput, checkOutput, type OutputCheck } from './validate.ts';
export { fileInput, type FileInput } from './schemas.ts';
export { jobKinds, type JobKindName } from './job-kinds.ts';
export { defineWaitTool, waitTools, type WaitToolOptions } from './wait-tools.ts';
export { v3Operations, type V3OperationName } from './generated/v3-operations.ts';
export type { V3Operation } from './v3-tool.ts';
