import type { Progress, ToolErrorData } from '../../gateway/types.ts';
import type { JsonSchema } from './json-schema.ts';
import type { SchemaDialect } from './schema-dialect.ts';

/** Who is calling: the persona a surface authenticated, or nobody (the local operator). */
export interface SurfaceCaller {
  /** Persona bearer token, passed to the gateway on every call (it re-checks it each time). */
  personaToken?: string;
  /** Persona id, when the surface authenticated the persona itself. */
  personaId?: string;
}

/** What a surface hands a tool when it runs it. */
export interface SurfaceToolContext {
  /** The caller, per request (an MCP HTTP session may see a token per request). */
  caller: SurfaceCaller;
  /** Aborts when the agent cancels the call. */
  signal?: AbortSignal;
  /** Receives job progress while waiting. */
  onProgress?: (progress: Progress) => void;
  /** The prompt or reason the agent gave (audit). */
  prompt?: string;
  /** The end user the agent acts for (audit). */
  user?: string;
  /** Named HeyGen account to use (default: the persona's routing). */
  account?: string;
  /** Rate-limit wait budget (ms) for calls that name none (`heygate mcp --max-wait`). */
  defaultMaxWaitMs?: number;
  /**
   * The schema dialect the tool was published in (`--dialect`; default `mcp`): the arguments are mapped back
   * from it (`decodeToolArguments`) before validation, so a call shaped for Gemini or OpenAI strict works.
   */
  dialect?: SchemaDialect;
}

/**
 * The routing decision a surface shows beside a result (MCP `_meta["heygate/routing"]`): the account used, the
 * one it fell back from, and whether the answer is a replay of an identical earlier create (`replayed`: no new
 * job, no new charge) or a job found by lookup after a lost answer (`reconciled`).
 */
export interface SurfaceRouting {
  account: string;
  fallback_from?: string;
  replayed?: boolean;
  reconciled?: boolean;
}

/** The result of a surface tool: data, or a tool error the agent can recover from. */
export type SurfaceToolOutcome = ({ ok: true; data: unknown } | { ok: false; error: ToolErrorData }) & {
  /** Where the router sent the call (DESIGN.md: routing decisions are visible to the agent). */
  routing?: SurfaceRouting;
  /**
   * What HeyGen's answer had that the catalog does not document (once per process; the data is unchanged).
   * Shown beside the result, never inside it: MCP `_meta["heygate/warnings"]`, HTTP `warnings`, CLI stderr.
   */
  warnings?: string[];
};

/** Behaviour hints, in MCP's vocabulary (other surfaces ignore what they cannot express). */
export interface SurfaceToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * A tool that is not one catalog entry but is served next to them: the compact meta-tools
 * (`search_tools`, `describe_tool`, `call_tool`). Gateway refusals are thrown; everything else is an outcome.
 */
export interface SurfaceTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: SurfaceToolAnnotations;
  run(args: Record<string, unknown>, context: SurfaceToolContext): Promise<SurfaceToolOutcome>;
}
