import type { ToolDefinition } from './define-tool.ts';
import { toolAliases } from './tool-aliases.ts';

/**
 * Ranked search over tools by what an agent wants to do ("lip-sync a video to new audio"), for `heygate tools
 * search`, MCP compact mode's `search_tools` and the AI SDK's compact tools. Deterministic, dependency-free and
 * fast (no model, no network): every tool is indexed once from the catalog's own data — name, aliases
 * (tool-aliases.ts), the names of the seed/KosmoKrator tools carried on the same endpoint, title, area, job
 * kind and description — and a query is scored term by term:
 *
 * - **normalised** words: compounds joined ("lip-sync" → lipsync, "call back" → callback), plurals and verb
 *   endings stemmed, British spellings folded, then widened with a few synonyms (callback → webhook, dub →
 *   translation);
 * - **the distinctive noun outweighs generic words**: each term counts by its rarity across the tools (inverse
 *   document frequency), so "template" decides "create a video from a template", not "create" or "video";
 * - **verbs say which operation**: a query's verbs (make, show, download, rename, wait, …) are matched against
 *   the operation a tool's name performs (create, list, get, update, delete, wait) instead of as words;
 * - v3 tools before the compatibility names, legacy (sunsetting) tools last.
 */

/** Words that say nothing about which tool is meant. */
const stopWords = new Set(
  (
    'a an the to of for with and or in on at by from my our your i me we you it its is are be been can could ' +
    'how do does did want need please pls some this that these those into using use via as so if then than ' +
    'there here w just also any one'
  ).split(' '),
);

/** Multi-word and hyphenated spellings folded into one word before splitting. */
const compounds: readonly [RegExp, string][] = [
  [/\blip[\s-]*sync/g, 'lipsync'],
  [/\btext[\s-]+to[\s-]+speech\b/g, 'tts'],
  [/\bweb[\s-]+hook/g, 'webhook'],
  [/\bcall[\s-]+back/g, 'callback'],
  [/\bvoice[\s-]+over/g, 'voiceover'],
  [/\bsub[\s-]+title/g, 'subtitle'],
  [/\bsound[\s-]+effect/g, 'sfx'],
  [/\btalking[\s-]+head/g, 'talkinghead'],
  [/\bgreen[\s-]+screen/g, 'greenscreen'],
  [/\bdigital[\s-]+twin/g, 'digitaltwin'],
  [/\bbrand[\s-]+kit/g, 'brandkit'],
  [/\bai[\s-]+clip/g, 'clip'],
  [/\bwho[\s-]+am[\s-]+i\b/g, 'whoami'],
  // "… when it completes / is done" asks to be told of an event: a webhook.
  [/\bwhen\b(.*\b(?:complete|completes|finishes|finished|done|ready)\b)/g, 'webhook $1'],
];

/** Words widened to the words tools use (after stemming); a synonym counts a little less than the word typed. */
const synonyms: Readonly<Record<string, readonly string[]>> = {
  callback: ['webhook'],
  notification: ['webhook'],
  notify: ['webhook'],
  alert: ['webhook'],
  event: ['webhook'],
  dub: ['translat'],
  dubb: ['translat'],
  locali: ['translat'],
  localiz: ['translat'],
  languag: ['translat'],
  subtitl: ['caption', 'srt', 'proofread'],
  caption: ['subtitl', 'srt'],
  tts: ['speech'],
  voiceover: ['speech'],
  narrat: ['speech'],
  speak: ['speech'],
  mp3: ['audio', 'speech'],
  clip: ['clipping'],
  short: ['clipping'],
  reel: ['clipping'],
  highlight: ['clipping'],
  character: ['avatar'],
  presenter: ['avatar'],
  spokesperson: ['avatar'],
  talkinghead: ['avatar'],
  digitaltwin: ['avatar'],
  twin: ['avatar'],
  outfit: ['look'],
  pose: ['look'],
  file: ['asset'],
  image: ['asset'],
  photo: ['asset', 'photo'],
  picture: ['asset', 'photo'],
  music: ['sound', 'audio'],
  sfx: ['sound', 'audio'],
  song: ['sound', 'audio'],
  credit: ['user'],
  balanc: ['user'],
  quota: ['user'],
  account: ['user'],
  brandkit: ['brand', 'kit'],
  greenscreen: ['background', 'remov'],
  footag: ['video'],
  movi: ['video'],
  render: ['video'],
  many: ['batch', 'statuse'],
  sever: ['batch', 'statuse'],
  multipl: ['batch', 'statuse'],
  bulk: ['batch', 'statuse'],
  upload: ['asset'],
  ...Object.fromEntries(
    (
      'english spanish french german italian portuguese dutch polish russian ukrainian turkish arabic hebrew hindi ' +
      'bengali chinese mandarin cantonese japanese korean vietnamese thai indonesian malay swedish norwegian danish ' +
      'finnish greek czech romanian hungarian'
    )
      .split(' ')
      .map((language) => [stemWord(language), ['languag', 'local']]),
  ),
};

/** The operation a query's verb asks for. `status` matches get and wait tools. */
type Operation = 'create' | 'list' | 'search' | 'get' | 'status' | 'wait' | 'update' | 'delete' | 'stop';

/** Verbs (stemmed) and the operation they ask for. */
const verbs: Readonly<Record<string, Operation>> = {
  make: 'create',
  creat: 'create',
  generat: 'create',
  render: 'create',
  produc: 'create',
  new: 'create',
  add: 'create',
  build: 'create',
  turn: 'create',
  submit: 'create',
  start: 'create',
  design: 'create',
  train: 'create',
  register: 'create',
  list: 'list',
  show: 'list',
  all: 'list',
  which: 'list',
  what: 'list',
  availabl: 'list',
  brows: 'list',
  see: 'list',
  find: 'list',
  search: 'search',
  get: 'get',
  detail: 'get',
  info: 'get',
  retriev: 'get',
  fetch: 'get',
  download: 'get',
  look: 'get',
  read: 'get',
  view: 'get',
  inspect: 'get',
  check: 'status',
  status: 'status',
  done: 'status',
  progress: 'status',
  yet: 'status',
  wait: 'wait',
  until: 'wait',
  block: 'wait',
  delet: 'delete',
  remov: 'delete',
  eras: 'delete',
  trash: 'delete',
  destroy: 'delete',
  updat: 'update',
  renam: 'update',
  chang: 'update',
  edit: 'update',
  modif: 'update',
  fix: 'update',
  rotat: 'update',
  replac: 'update',
  stop: 'stop',
  halt: 'stop',
  cancel: 'stop',
};

/** The operation a tool performs, from the verb in its name (`video_create`, `list_folders`, `video_wait`). */
const nameVerbs: Readonly<Record<string, Operation>> = {
  creat: 'create',
  generat: 'create',
  upload: 'create',
  add: 'create',
  new: 'create',
  send: 'create',
  list: 'list',
  search: 'search',
  get: 'get',
  retriev: 'get',
  check: 'get',
  wait: 'wait',
  updat: 'update',
  rotat: 'update',
  restor: 'update',
  delet: 'delete',
  trash: 'delete',
  stop: 'stop',
  interrupt: 'stop',
};

/** Which tool operations satisfy a query operation. */
const satisfies: Readonly<Record<Operation, readonly Operation[]>> = {
  create: ['create'],
  list: ['list', 'search'],
  search: ['search', 'list'],
  get: ['get'],
  status: ['get', 'wait'],
  wait: ['wait'],
  update: ['update'],
  delete: ['delete'],
  stop: ['stop', 'delete'],
};

/**
 * When a query names no operation a tool matches, the likelier one wins a tie: people mostly make and look
 * things up; destructive operations come last.
 */
const operationPrior: Readonly<Record<Operation, number>> = {
  create: 1,
  list: 0.99,
  search: 0.98,
  get: 0.98,
  wait: 0.97,
  status: 0.97,
  update: 0.96,
  stop: 0.95,
  delete: 0.94,
};

/** Field weights: how much a term found in that field says about the tool. */
const weights = { name: 3, alias: 3, sibling: 2, title: 2, area: 1.5, description: 0.6 } as const;

/** Crude suffix stripping so `translate`/`translation`, `render`/`rendering`, `clip`/`clips` meet. */
export function stemWord(word: string): string {
  let stemmed = word;
  if (stemmed.length > 4 && stemmed.endsWith('ies')) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (/(ss|sh|ch|x)es$/.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && /[^su]s$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  // British spellings meet American ones (colour/color, organise/organize).
  stemmed = stemmed.replace(/our$/, 'or').replace(/is(e|ed|ing|ation)$/, 'iz$1');
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 5 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  if (stemmed.length > 6 && stemmed.endsWith('ation')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 5 && stemmed.endsWith('ion')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 6 && stemmed.endsWith('al')) stemmed = stemmed.slice(0, -2);
  if (stemmed.length > 3 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 3 && /([bdgmnprt])\1$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

/** Lower-cased, compounds folded, split on anything that is not a letter or digit, stemmed; stop words dropped. */
export function searchTerms(text: string): string[] {
  let folded = text.toLowerCase();
  for (const [pattern, replacement] of compounds) folded = folded.replace(pattern, replacement);
  return folded
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !stopWords.has(word))
    .map(stemWord);
}

/** One indexed tool: the best field weight of every term it contains, and the operation it performs. */
interface IndexedTool {
  tool: ToolDefinition;
  terms: Map<string, number>;
  /** Stemmed words of the tool's own name (nouns and verb), for the "nothing extra" tie-breaker. */
  nameWords: string[];
  operation: Operation;
}

/** A name word that is a noun made from a verb (`removal`, `translation`, `clipping`): a word, not an operation. */
const nominal = /(al|ion|ing)$/;

function indexTool(tool: ToolDefinition, siblings: readonly string[]): IndexedTool {
  const terms = new Map<string, number>();
  const set = (term: string, weight: number) => {
    if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
  };
  const isVerb = (term: string) => verbs[term] !== undefined || nameVerbs[term] !== undefined;
  // Verbs are matched as an operation, not as words (else every *_create tool answers "create").
  const add = (text: string, weight: number) => {
    for (const term of searchTerms(text)) if (!isVerb(term)) set(term, weight);
  };
  const raw = tool.name.split('_').filter((word) => word && !stopWords.has(word));
  const nameWords = raw.map(stemWord);
  let operation: Operation | undefined;
  raw.forEach((word, index) => {
    const stem = nameWords[index]!;
    if (nominal.test(word) || !isVerb(stem)) set(stem, weights.name);
    // The last verb of the name says the operation (`video_agent_send`, `check_photo_look_generation_status`).
    else operation = nameVerbs[stem] ?? operation;
  });
  for (const alias of toolAliases[tool.name] ?? []) add(alias, weights.alias);
  for (const sibling of siblings) add(sibling.replace(/_/g, ' '), weights.sibling);
  add(tool.title, weights.title);
  add(`${tool.area} ${tool.job?.kind.replace(/_/g, ' ') ?? ''}`, weights.area);
  add(tool.description, weights.description);
  operation ??= tool.paginated ? 'list' : tool.access === 'read' ? 'get' : 'create';
  return { tool, terms, nameWords, operation };
}

/**
 * Compatibility tools (seed, KosmoKrator) carried on the same HeyGen endpoint as a v3 tool: their names are how
 * other integrations call that operation (`upload_asset`, `generate_speech_starfish`), so they index it too.
 */
function siblingNames(tools: readonly ToolDefinition[]): Map<ToolDefinition, string[]> {
  const byEndpoint = new Map<string, ToolDefinition[]>();
  for (const tool of tools) {
    const key = `${tool.endpoint.method} ${tool.endpoint.path}`;
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), tool]);
  }
  const siblings = new Map<ToolDefinition, string[]>();
  for (const tool of tools) {
    if (tool.family !== 'v3') continue;
    const same = byEndpoint.get(`${tool.endpoint.method} ${tool.endpoint.path}`) ?? [];
    siblings.set(
      tool,
      same
        .filter((other) => other.family === 'seed' || other.family === 'kosmokrator')
        .map((other) => other.name),
    );
  }
  return siblings;
}

/** How much a tool's family says it is the one to use: v3 first, compatibility names after, legacy last. */
function familyFactor(tool: ToolDefinition): number {
  const family = tool.family === 'v3' ? 1 : tool.family === 'heygate' ? 0.97 : 0.85;
  return tool.legacy ? family * 0.75 : family;
}

/** Builds a search function over a fixed list of tools (the index is built on the first search). */
export function createToolSearch(
  tools: readonly ToolDefinition[],
): (query: string, limit?: number) => ToolDefinition[] {
  let index: IndexedTool[] | undefined;
  let rarity: Map<string, number> | undefined;

  function build(): void {
    const siblings = siblingNames(tools);
    index = tools.map((tool) => indexTool(tool, siblings.get(tool) ?? []));
    const documents = new Map<string, number>();
    for (const entry of index)
      for (const term of entry.terms.keys()) documents.set(term, (documents.get(term) ?? 0) + 1);
    for (const operation of Object.keys(satisfies)) {
      documents.set(
        `@${operation}`,
        index.filter((entry) => satisfies[operation as Operation].includes(entry.operation)).length,
      );
    }
    rarity = new Map([...documents].map(([term, count]) => [term, Math.log(1 + tools.length / count)]));
  }

  return (query, limit = 10) => {
    if (!index || !rarity) build();
    const words = searchTerms(query);
    if (words.length === 0 || limit <= 0) return [];
    const exact = query.trim().toLowerCase();
    const idf = (term: string) => rarity!.get(term) ?? Math.log(1 + tools.length);

    const scored = index!.map((entry) => {
      let score = entry.tool.name === exact ? 100 : 0;
      const operations = new Set<Operation>();
      for (const word of words) {
        const own = entry.terms.get(word);
        const operation = verbs[word];
        // A verb that is also one of the tool's nouns ("remove" for background_removal) is that noun here.
        if (operation !== undefined && own === undefined) {
          operations.add(operation);
          continue;
        }
        let best = own === undefined ? 0 : own * idf(word);
        for (const synonym of (Object.hasOwn(synonyms, word) ? synonyms[word] : undefined) ?? []) {
          const weight = entry.terms.get(synonym);
          if (weight !== undefined) best = Math.max(best, 0.8 * weight * idf(synonym));
        }
        score += best;
      }
      if (score === 0) return { tool: entry.tool, score: 0 };
      const wanted = [...operations].filter((operation) => satisfies[operation].includes(entry.operation));
      // The operation asked for exactly (search → asset_search) beats one that merely serves it (→ asset_list).
      if (wanted.length > 0) {
        score += weights.name * Math.max(...wanted.map((operation) => idf(`@${operation}`)));
        if (operations.has(entry.operation)) score += 1;
      }
      // A request with no verb for this tool ("translate my video", "music for my intro") most often asks to make
      // something or to see what exists.
      const prior = operationPrior[entry.operation] ** (operations.size === 0 ? 3 : 1);
      // Among equals, the tool whose name says nothing beyond the query wins (`video_wait` over `video_batch_wait`).
      const extra = entry.nameWords.filter(
        (word) => !words.includes(word) && nameVerbs[word] === undefined,
      ).length;
      const factor = familyFactor(entry.tool) * prior * 0.97 ** extra;
      return { tool: entry.tool, score: score * factor };
    });
    return scored
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.tool.name.localeCompare(b.tool.name))
      .slice(0, limit)
      .map((entry) => entry.tool);
  };
}
