import type { ToolDefinition } from './define-tool.ts';

/**
 * A small ranked keyword search over tool names, titles, areas and descriptions, for `heygate tools search`
 * and the compact MCP mode where an agent looks tools up by intent ("translate a video"). Deterministic and
 * dependency-free: words are lower-cased, split on anything that is not a letter or digit, lightly stemmed
 * (plural and -ing endings), and common intent words are widened to the verbs tool names use.
 */

/** Words that say nothing about which tool is meant. */
const stopWords = new Set(
  'a an the to of for with and or in on at by from my our your i me we you it is are be can how do does want need please some this that into using use'.split(
    ' ',
  ),
);

/** Intent words mapped to the words tool names use. */
const synonyms: Record<string, readonly string[]> = {
  make: ['create', 'generate'],
  render: ['create', 'video'],
  produce: ['create'],
  add: ['create', 'upload'],
  remove: ['delete'],
  erase: ['delete'],
  cancel: ['stop', 'delete'],
  show: ['get', 'list'],
  fetch: ['get'],
  find: ['search', 'list'],
  check: ['get', 'status'],
  status: ['get', 'wait'],
  finish: ['wait'],
  poll: ['wait', 'get'],
  rename: ['update'],
  edit: ['update'],
  change: ['update'],
  dub: ['translation'],
  translate: ['translation'],
  tts: ['speech'],
  speak: ['speech'],
  say: ['speech'],
  upload: ['asset', 'create'],
  file: ['asset'],
  image: ['asset'],
  music: ['audio', 'sound'],
  sfx: ['audio', 'sound'],
  clip: ['clipping'],
  clips: ['clipping'],
  account: ['user'],
  credits: ['user'],
  balance: ['user'],
  quota: ['user'],
  me: ['user'],
  character: ['avatar'],
  presenter: ['avatar'],
  outfit: ['look'],
};

/** Crude suffix stripping so `translate`/`translation`/`translations` and `create`/`creating` meet. */
function stem(word: string): string {
  let stemmed = word;
  if (stemmed.length > 4 && stemmed.endsWith('ies')) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss'))
    stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 5 && stemmed.endsWith('ion')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

function rawWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !stopWords.has(word));
}

function words(text: string): string[] {
  return rawWords(text).map(stem);
}

/** The stemmed word itself first, then its synonyms. */
function expand(raw: string): string[] {
  // Own properties only: "constructor" or "__proto__" in a query must not reach Object.prototype.
  const listed = (word: string) => (Object.hasOwn(synonyms, word) ? synonyms[word] : undefined);
  return [stem(raw), ...(listed(raw) ?? listed(stem(raw)) ?? []).map(stem)];
}

/** Precomputed word sets of one tool. */
interface Indexed {
  tool: ToolDefinition;
  name: Set<string>;
  title: Set<string>;
  area: Set<string>;
  description: Set<string>;
}

/** Builds a search function over a fixed list of tools (indexes are built once, on first search). */
export function createToolSearch(
  tools: readonly ToolDefinition[],
): (query: string, limit?: number) => ToolDefinition[] {
  let index: Indexed[] | undefined;
  return (query, limit = 10) => {
    index ??= tools.map((tool) => ({
      tool,
      name: new Set(words(tool.name)),
      title: new Set(words(tool.title)),
      area: new Set(words(tool.area)),
      description: new Set(words(tool.description)),
    }));
    const asked = rawWords(query).map(expand);
    if (asked.length === 0 || limit <= 0) return [];
    const exact = query.trim().toLowerCase();
    const allTerms = new Set(asked.flat());
    const scored = index.map((entry) => {
      let score = entry.tool.name === exact ? 100 : 0;
      for (const expansions of asked) {
        let best = 0;
        for (const [position, term] of expansions.entries()) {
          // A synonym counts a little less than the word the agent used.
          const weight = position === 0 ? 1 : 0.8;
          const hit = entry.name.has(term)
            ? 5
            : entry.title.has(term)
              ? 3
              : entry.area.has(term)
                ? 2
                : entry.description.has(term)
                  ? 1
                  : 0;
          best = Math.max(best, hit * weight);
        }
        score += best;
      }
      // Prefer what agents should use first: v3 tools, then our wait tools, then compatibility names, and
      // legacy (v1/v2, sunsetting) tools last.
      const family = entry.tool.family === 'v3' ? 1 : entry.tool.family === 'heygate' ? 0.5 : 0;
      const legacy = entry.tool.legacy ? -1 : 0;
      // Among equals, the tool whose name says nothing beyond the query wins (`video_wait` over `video_batch_wait`).
      const extra = [...entry.name].filter((word) => !allTerms.has(word)).length * 0.2;
      return { tool: entry.tool, score: score > 0 ? Math.max(0.1, score + family + legacy - extra) : 0 };
    });
    return scored
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.tool.name.localeCompare(b.tool.name))
      .slice(0, limit)
      .map((entry) => entry.tool);
  };
}
