import type { ToolDefinition } from '../../catalog/define-tool.ts';

/** Whether a call may move to another account, and why not. */
export interface PortabilityVerdict {
  /** True when no account-scoped id is set, or every one may be a public library id. */
  portable: boolean;
  /**
   * Account-scoped input paths that are set in this call (e.g. `avatar_id`, `scenes[0].voice_id`). Empty for a
   * portable call with no scoped ids at all.
   */
  scopedFields: readonly string[];
  /**
   * True when the call is portable only because the tool's ids may be public library ids
   * (`portability.publicIdsPortable`); the router then treats a "not found" on the other account as proof the
   * id was private and does not move the call further.
   */
  dependsOnPublicIds: boolean;
}

/**
 * Decides from the catalog whether a call's input ties it to one HeyGen account. HeyGen ids of private
 * avatars, looks, voices, assets, folders and templates exist in one account only: sending such a call to
 * another account fails at best and acts on the wrong resource at worst. The catalog lists the scoped input
 * paths (`portability.accountScoped`, arrays written `[]`); a call is portable when none of them is set, or
 * when every one that is set may hold a public library id (`publicIdsPortable`, limited to `publicIdPaths`
 * when the tool lists them).
 */
export function checkPortability(tool: ToolDefinition, input: unknown): PortabilityVerdict {
  const { accountScoped, publicIdsPortable, publicIdPaths } = tool.portability;
  // `*`: the whole call is bound to its account (a result that only means something there), whatever its input.
  if (accountScoped.includes('*')) return { portable: false, scopedFields: ['*'], dependsOnPublicIds: false };
  const scopedFields: string[] = [];
  let privateIdSet = false;
  for (const path of accountScoped) {
    const before = scopedFields.length;
    collectSetPaths(input, path.split('.'), '', scopedFields);
    const mayBePublic =
      publicIdsPortable === true && (publicIdPaths === undefined || publicIdPaths.includes(path));
    if (scopedFields.length > before && !mayBePublic) privateIdSet = true;
  }
  if (scopedFields.length === 0) return { portable: true, scopedFields, dependsOnPublicIds: false };
  // Public library ids (public avatars, stock voices) exist in every account; asset, folder and job ids never do.
  const portable = !privateIdSet;
  return { portable, scopedFields, dependsOnPublicIds: portable };
}

/** Walks one dotted path (`scenes[].character.avatar_id`) and records every concrete path whose value is set. */
function collectSetPaths(value: unknown, steps: readonly string[], prefix: string, found: string[]): void {
  const [step, ...rest] = steps;
  if (step === undefined) {
    if (isSet(value)) found.push(prefix);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const iterate = step.endsWith('[]');
  const key = iterate ? step.slice(0, -2) : step;
  const child = (value as Record<string, unknown>)[key];
  const here = prefix === '' ? key : `${prefix}.${key}`;
  if (!iterate) {
    collectSetPaths(child, rest, here, found);
    return;
  }
  if (!Array.isArray(child)) {
    // A schema that takes one object where the path says array (or the caller sent one): check it as is.
    collectSetPaths(child, rest, here, found);
    return;
  }
  child.forEach((item, index) => collectSetPaths(item, rest, `${here}[${index}]`, found));
}

/** An id counts as set when it has a value; empty strings and nulls are how agents leave a field out. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isSet);
  return true;
}
