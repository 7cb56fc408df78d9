import type { ToolDefinition } from '../catalog/define-tool.ts';
import { findOutputDrift, type OutputDrift } from '../catalog/find-output-drift.ts';

/**
 * Turns drift in HeyGen's answers (a field or an enum value heygate does not document) into warnings for the
 * tool result — each one once per registry, so an agent and an operator hear about a change of HeyGen's once,
 * not on every call. The answer itself always passes unchanged (docs/decisions/0029-tolerant-outputs-and-drift-check.md).
 */
export interface OutputWarnings {
  /** The new warnings (not reported by this registry before) about `data`, an answer of `tool`. */
  check(tool: ToolDefinition, data: unknown): string[];
}

function describe(tool: string, drift: OutputDrift): string {
  const where = drift.path || '(root)';
  if (drift.kind === 'new_field') {
    return `${tool}: HeyGen's answer has a field heygate does not know, ${where}; passed on unchanged.`;
  }
  const known = drift.known?.join(', ') ?? '';
  return `${tool}: HeyGen sent ${where} "${drift.value}", a value heygate does not know (documented: ${known}); passed on unchanged.`;
}

/** How many distinct warnings a registry remembers; past it, nothing new is reported (memory stays bounded). */
const maxWarnings = 1000;

/**
 * A registry of warnings already given. Only v3 tools are checked: their output schemas come from HeyGen's
 * spec (a wait or a compatibility tool reports what its inner v3 calls found).
 */
export function createOutputWarnings(): OutputWarnings {
  const given = new Set<string>();
  return {
    check(tool, data) {
      if (tool.family !== 'v3' || given.size >= maxWarnings) return [];
      const fresh: string[] = [];
      for (const drift of findOutputDrift(tool.output(), data)) {
        const key = `${tool.name} ${drift.kind} ${drift.path} ${drift.value ?? ''}`;
        if (given.has(key) || given.size >= maxWarnings) continue;
        given.add(key);
        fresh.push(describe(tool.name, drift));
      }
      return fresh;
    },
  };
}

/** The process-wide registry clients use by default: each warning once per process. */
export const processOutputWarnings: OutputWarnings = createOutputWarnings();
