/**
 * Freezes a JSON value and everything in it. Converted schemas are memoised and shared between sessions;
 * freezing makes an accidental in-place edit by one surface fail loudly instead of leaking to the others.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
