/** Reads a dotted path (`avatar_item.id`, `data.video_id`, `voices.0.voice_id`) from a tool result. */
export function readPath(data: unknown, path: string): unknown {
  let current = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
