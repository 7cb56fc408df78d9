import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { catalog as fullCatalog, searchTools as searchCatalog } from '../../catalog/index.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { toolInputJsonSchema } from '../internal/tool-input-json-schema.ts';
import { luaExample } from './lua-example.ts';

/** One entry of {@link LuaDocs.list} and {@link LuaDocs.search}. */
export interface LuaDocEntry {
  /** Path to pass to `lua_read_doc`, e.g. `integrations.heygen.video_create`. */
  path: string;
  /** One line saying what is there. */
  summary: string;
}

/** The runtime documentation of the Lua surface, generated from the catalog. */
export interface LuaDocs {
  /**
   * The document at `path` as Markdown: `lua` (the sandbox and helpers), `integrations.heygen` (the
   * namespace reference: how to call, errors, jobs, accounts, every function with its parameters),
   * `integrations.heygen.<function>` (one function: parameter table and an example). `app.` and a leading
   * `heygen.` are accepted too. Throws a `RangeError` naming close paths for an unknown path.
   */
  read(path: string): string;
  /** Doc paths under `prefix` (default: the top-level documents). */
  list(prefix?: string): LuaDocEntry[];
  /** Doc paths whose function matches the query (best first). */
  search(query: string, limit?: number): LuaDocEntry[];
}

/** Options of {@link createLuaDocs}. */
export interface LuaDocsOptions {
  /** Tools to document (default: the whole catalog). */
  tools?: readonly ToolDefinition[];
}

const namespacePath = 'integrations.heygen';

/**
 * Creates the docs behind `lua_read_doc`, `lua_list_docs` and `lua_search_docs` (inside Lua and as MCP
 * tools). Everything is derived from the catalog, so a new tool is documented without touching this file.
 * Documents are built on first use and cached (the namespace reference converts every input schema once).
 */
export function createLuaDocs(options: LuaDocsOptions = {}): LuaDocs {
  const tools = options.tools ?? fullCatalog;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const cache = new Map<string, string>();
  const helperDocs = buildHelperDocs();

  function normalise(path: string): string {
    let normalised = path.trim().replace(/^app\./, '');
    if (normalised === 'heygen' || normalised.startsWith('heygen.'))
      normalised = `integrations.${normalised}`;
    return normalised;
  }

  function read(path: string): string {
    const normalised = normalise(String(path));
    const cached = cache.get(normalised);
    if (cached !== undefined) return cached;
    let text: string | undefined;
    if (normalised === 'lua') text = runtimeDoc();
    else if (normalised === 'integrations') text = integrationsDoc();
    else if (normalised === namespacePath) text = namespaceDoc(tools);
    else if (normalised.startsWith(`${namespacePath}.`)) {
      const name = normalised.slice(namespacePath.length + 1);
      const tool = byName.get(name);
      if (tool) text = functionDoc(tool);
      else text = helperDocs.get(name);
    }
    if (text === undefined) {
      const near = search(normalised.split('.').pop() ?? normalised, 3).map((entry) => entry.path);
      throw new RangeError(
        `No Lua doc at "${path}". Try lua_list_docs() or lua_read_doc("${namespacePath}")` +
          (near.length ? `; close: ${near.join(', ')}` : '') +
          '.',
      );
    }
    cache.set(normalised, text);
    return text;
  }

  function list(prefix?: string): LuaDocEntry[] {
    const normalised = prefix === undefined || prefix === null ? '' : normalise(String(prefix));
    if (normalised === '') {
      return [
        { path: 'lua', summary: 'The Lua sandbox: json, print, limits, errors, coroutines.' },
        { path: namespacePath, summary: `HeyGen API: ${tools.length} functions, accounts, job waiting.` },
      ];
    }
    const entries: LuaDocEntry[] = [
      ...[...helperDocs.keys()].map((name) => ({
        path: `${namespacePath}.${name}`,
        summary: helperSummaries[name]!,
      })),
      ...tools.map((tool) => ({
        path: `${namespacePath}.${tool.name}`,
        summary: firstSentence(tool.description),
      })),
    ];
    const matching = entries.filter(
      (entry) => entry.path === normalised || entry.path.startsWith(`${normalised}`),
    );
    return matching;
  }

  function search(query: string, limit = 10): LuaDocEntry[] {
    const bound = Math.max(1, Math.min(50, Math.floor(Number(limit) || 10)));
    const visible = new Set(tools.map((tool) => tool.name));
    const found = searchCatalog(String(query), bound * 2)
      .filter((tool) => visible.has(tool.name))
      .slice(0, bound)
      .map((tool) => ({ path: `${namespacePath}.${tool.name}`, summary: firstSentence(tool.description) }));
    if (/\b(json|print|sandbox|limit|memory|timeout|coroutine|pcall|error|lua)\b/i.test(String(query))) {
      found.unshift({ path: 'lua', summary: 'The Lua sandbox: json, print, limits, errors, coroutines.' });
    }
    if (/\b(wait|poll|job|status)\b/i.test(String(query))) {
      found.unshift({ path: `${namespacePath}.wait`, summary: helperSummaries.wait! });
    }
    return found.slice(0, bound);
  }

  return { read, list, search };
}

const helperSummaries: Record<string, string> = {
  wait: 'Wait for a job (video, translation, lipsync, …) to finish and return the final resource.',
  account: 'The namespace of a named HeyGen account, for any account name.',
};

function buildHelperDocs(): Map<string, string> {
  return new Map([
    [
      'wait',
      [
        '# app.integrations.heygen.wait(kind, id, options)',
        '',
        helperSummaries.wait,
        '',
        '- `kind`: the job kind (`video`, `video_translation`, `lipsync`, `avatar`, `voice_clone`, …), a `*_wait` tool',
        '  name, or the tool that started the job (`video_create`).',
        '- `id`: the job id the create returned.',
        '- `options.timeout_seconds` (optional, 1–3600): give up after this long (error code `wait_timeout`).',
        '',
        'Shortcut per kind: `app.integrations.heygen.wait_for_<kind>(id, options)`. Both run the catalog tool',
        '`<kind>_wait`. Alternatively pass `{ wait = true }` as the second argument of the create call.',
        '',
        '```lua',
        'local created = app.integrations.heygen.video_create({ type = "avatar", avatar_id = "<avatar_id>", script = "Hi!", voice_id = "<voice_id>" })',
        'local video = app.integrations.heygen.wait_for_video(created.video_id, { timeout_seconds = 900 })',
        'return video.video_url',
        '```',
      ].join('\n'),
    ],
    [
      'account',
      [
        '# app.integrations.heygen.account(name)',
        '',
        helperSummaries.account,
        '',
        'Usually an account is reached as `app.integrations.heygen.<account>.<function>` (`default`, `work`, …).',
        'A tool name always wins over an account of the same name, and names that are not Lua identifiers',
        '(`work-eu`) cannot be written that way: use `app.integrations.heygen.account("work-eu").<function>`.',
      ].join('\n'),
    ],
  ]);
}

/** The first sentence of a description, at most ~140 characters. */
function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text);
  const sentence = match ? match[1]! : text;
  return sentence.length > 140 ? `${sentence.slice(0, 137)}…` : sentence;
}

function runtimeDoc(): string {
  return `# Lua runtime (heygate)

Lua 5.4 in a sandbox, one fresh VM per execution. The script's \`return\` value comes back as JSON; \`print\`
output is captured.

## Globals
- \`app.integrations.heygen.*\` — the HeyGen API (read \`lua_read_doc("integrations.heygen")\`).
- \`json.encode(value, pretty)\`, \`json.decode(text)\`, \`json.null\` (encodes as null), \`json.array(t)\` (marks
  a table as an array so an empty one encodes as \`[]\`; an empty plain table encodes as \`{}\`).
- \`print(...)\` — captured output; tables from results print as JSON.
- \`lua_read_doc(path)\`, \`lua_list_docs(prefix)\`, \`lua_search_docs(query, limit)\`.
- Standard libraries: \`string\`, \`table\`, \`math\`, \`utf8\`, \`coroutine\`, \`os.time/clock/date/difftime\`.

## Values
JSON objects are tables, arrays are sequences (\`ipairs\`, \`#\`), JSON null is nil, integers are Lua integers.
Results must be JSON-able: no functions or coroutines, no cycles.

## Errors
Integration calls raise a table \`{ code, message, retryable, retry_after_ms?, hint?, field?, status?, tool }\`
(tostring gives a readable line). Catch with \`pcall\`:
\`\`\`lua
local ok, err = pcall(app.integrations.heygen.video_get, { video_id = "missing" })
if not ok then print(err.code, err.message, err.retryable) end
\`\`\`
An uncaught error ends the script; its message, code and the output so far are returned.

## Sandbox and limits
No \`io\`, \`os.execute\`/\`os.getenv\`, \`require\`, \`package\`, \`debug\`, \`dofile\`, \`loadfile\`, \`string.dump\`;
\`load\` takes text chunks only; \`collectgarbage\` answers "count" only ("collect"/"step" do nothing).
Limits per execution (defaults): 32 MiB memory, 14 min wall time (\`heygate lua\`: \`--timeout\`, 1 h), 5 s of
computation (waiting for HeyGen does not count), 200 million VM instructions, 500 integration calls, 1 MiB of output, 100 nested pcalls; a pattern match that could backtrack for too long on a big string
is refused (\`lua_pattern_too_expensive\`). A limit ends the script with codes \`lua_memory_limit\`,
\`lua_timeout\`, \`lua_cpu_limit\`, \`lua_instruction_limit\`, \`lua_call_limit\`.
Integration calls work inside coroutines, pcall and metamethods, but not inside \`table.sort\` comparators or
\`string.gsub\` callbacks (C functions cannot be suspended).
`;
}

function integrationsDoc(): string {
  return `# Integrations\n\n- \`integrations.heygen\` — HeyGen: AI avatar videos, voices, translation, lipsync, assets, webhooks.\n`;
}

/** `name: type` parameter summary for the namespace index: required first, optional marked with `?`. */
function signature(tool: ToolDefinition): string {
  const schema = toolInputJsonSchema(tool);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const names = Object.keys(properties);
  names.sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  const parts = names.map(
    (name) => `${name}${required.has(name) ? '' : '?'}: ${typeName(properties[name]!)}`,
  );
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

function namespaceDoc(tools: readonly ToolDefinition[]): string {
  const byArea = new Map<string, ToolDefinition[]>();
  for (const tool of tools) byArea.set(tool.area, [...(byArea.get(tool.area) ?? []), tool]);
  const sections: string[] = [];
  for (const [area, members] of byArea) {
    sections.push(`### ${area}`);
    for (const tool of members) {
      const marks = [tool.access, tool.legacy ? `legacy until ${tool.legacy.sunset}` : undefined]
        .filter(Boolean)
        .join(', ');
      sections.push(`- \`${tool.name}${signature(tool)}\` — ${firstSentence(tool.description)} (${marks})`);
    }
    sections.push('');
  }
  return `# HeyGen — Lua API reference (app.integrations.heygen)

Every HeyGen tool is a function taking one table of arguments and returning a table (${tools.length} functions).
Calls go through the gateway with the caller's persona: scopes, routing and audit apply to each call.

\`\`\`lua
local heygen = app.integrations.heygen
local avatars = heygen.list_avatars({})
local first = avatars.data.avatars[1]
local voices = heygen.list_voices({})
local created = heygen.create_video({
  video_inputs = {
    { character = { avatar_id = first.avatar_id, voice_id = voices.data.voices[1].voice_id }, script = "Hello!" },
  },
})
local video = heygen.wait_for_video(created.data.video_id)
return { url = video.video_url }
\`\`\`

## Calling
- \`heygen.<function>(args, options)\`: \`args\` as documented per function (omit it or pass \`{}\` when there are
  none); \`options\` (optional): \`{ wait = true }\` makes a job-starting call wait for the finished resource,
  \`{ idempotency_key = "…" }\` makes a retried create return the first job, \`{ max_wait_seconds = 30 }\` lets
  a call that cannot leave a rate-limited account wait that long (default 0: \`rate_limited\` at once).
- Results: JSON objects are tables, arrays are sequences (\`ipairs\`, \`#\`), JSON null is nil; \`print(result)\`
  shows JSON. Names and nesting are HeyGen's (v3 tools) or the documented compatibility shapes (seed and
  KosmoKrator functions, e.g. \`result.data.videos\`).
- Errors raise a table \`{ code, message, retryable, retry_after_ms?, hint?, field?, tool }\`; catch with
  \`pcall\`. Bad arguments fail with \`invalid_input\` naming the field, before anything reaches HeyGen.
- Jobs (renders, translations, lipsync, avatar training, voice clones): the create returns an id; wait with
  \`heygen.wait_for_<kind>(id)\` or \`heygen.wait(kind, id, { timeout_seconds = 600 })\` — see
  \`lua_read_doc("integrations.heygen.wait")\`.

## Accounts
\`heygen.<function>\` uses the caller's default routing; \`heygen.default.<function>\` the account named
\`default\`; \`heygen.<account>.<function>\` (e.g. \`heygen.work.list_videos({})\`) a named account, and
\`heygen.account("work-eu").<function>\` any name. A tool name always wins over an account of the same name.
All functions are identical across accounts; only the credentials differ.

## Functions
Signature: \`name{ required: type, optional?: type }\` — details and an example for each:
\`lua_read_doc("integrations.heygen.<function>")\`.

${sections.join('\n')}`;
}

function functionDoc(tool: ToolDefinition): string {
  const schema = toolInputJsonSchema(tool);
  const rows = parameterRows(schema, '', 0);
  const facts = [
    `Access: ${tool.access}`,
    `HeyGen endpoint: ${tool.endpoint.method} ${tool.endpoint.path}`,
    tool.legacy
      ? `Legacy: HeyGen stops serving it on ${tool.legacy.sunset}${tool.legacy.replacement ? `; use ${tool.legacy.replacement}` : ''}`
      : undefined,
    tool.job
      ? `Starts a ${tool.job.kind} job: wait with \`app.integrations.heygen.wait_for_${tool.job.kind}(id)\``
      : undefined,
    tool.cost ? `Cost: ${tool.cost.note}` : undefined,
  ].filter(Boolean);
  const table = rows.length
    ? ['| Name | Type | Required | Description |', '|------|------|----------|-------------|', ...rows].join(
        '\n',
      )
    : 'None.';
  return `# app.integrations.heygen.${tool.name}

${tool.title}. ${tool.description}

${facts.map((fact) => `- ${fact}`).join('\n')}

## Parameters

${table}

## Example

\`\`\`lua
${luaExample(tool)}
\`\`\`
`;
}

/** Markdown rows for the properties of an object schema, nested objects and arrays of objects flattened. */
function parameterRows(schema: JsonSchema, prefix: string, depth: number): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const description = describe(property);
    rows.push(
      `| \`${path}\` | ${typeName(property).replace(/\|/g, '\\|')} | ${required.has(name) ? 'yes' : 'no'} | ${description} |`,
    );
    if (depth < 2) {
      const nested = objectOf(property);
      if (nested) rows.push(...parameterRows(nested.schema, `${path}${nested.suffix}.`, depth + 1));
    }
  }
  return rows;
}

/** The object schema inside a property (directly, or as array items), for flattening. */
function objectOf(schema: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
  const plain = nonNull(schema);
  if (plain.properties) return { schema: plain, suffix: '' };
  if (plain.type === 'array' && typeof plain.items === 'object' && plain.items !== null) {
    const items = nonNull(plain.items as JsonSchema);
    if (items.properties) return { schema: items, suffix: '[]' };
  }
  return undefined;
}

function nonNull(schema: JsonSchema): JsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const useful = branches.filter((branch) => branch.type !== 'null');
    if (useful.length === 1) return nonNull(useful[0]!);
  }
  return schema;
}

function describe(schema: JsonSchema): string {
  const parts: string[] = [];
  if (typeof schema.description === 'string') parts.push(schema.description);
  const plain = nonNull(schema);
  if (Array.isArray(plain.enum))
    parts.push(`One of: ${plain.enum.map((value) => `\`${String(value)}\``).join(', ')}.`);
  if (plain.default !== undefined) parts.push(`Default: \`${JSON.stringify(plain.default)}\`.`);
  const bounds = [
    typeof plain.minimum === 'number' ? `≥ ${plain.minimum}` : undefined,
    typeof plain.maximum === 'number' ? `≤ ${plain.maximum}` : undefined,
    typeof plain.maxLength === 'number' ? `at most ${plain.maxLength} characters` : undefined,
    typeof plain.maxItems === 'number' ? `at most ${plain.maxItems} items` : undefined,
  ].filter(Boolean);
  if (bounds.length) parts.push(`${bounds.join(', ')}.`);
  return parts.join(' ').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A short type name: `string`, `integer`, `array of object`, `string | array of string`, … */
function typeName(schema: JsonSchema): string {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const names = [...new Set(branches.filter((branch) => branch.type !== 'null').map(typeName))];
    return names.join(' | ') || 'any';
  }
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).filter((t) => t !== 'null')
    : [schema.type];
  const names = type.map((entry) => {
    if (entry === 'array') {
      const items = schema.items as JsonSchema | undefined;
      return items && typeof items === 'object' ? `array of ${typeName(items)}` : 'array';
    }
    if (typeof entry === 'string') return entry;
    return schema.properties ? 'object' : 'any';
  });
  return names.join(' | ') || 'any';
}
