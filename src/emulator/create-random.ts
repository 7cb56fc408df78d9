import { createHash } from 'node:crypto';

/** A deterministic source of numbers and ids, so an emulator with the same `seed` behaves the same way. */
export interface EmulatorRandom {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A fresh 32-hex-digit id, the shape HeyGen uses for videos, voices, endpoints and most other ids. */
  id(): string;
}

/** Hashes any label to a 32-bit unsigned integer (for seeding and for per-object decisions). */
export function hashToUint32(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0);
}

/**
 * Creates a seeded generator (mulberry32 for numbers; SHA-256 of `seed:counter` for ids). Deterministic:
 * the same seed and the same sequence of calls give the same values.
 */
export function createRandom(seed: string | number): EmulatorRandom {
  let state = hashToUint32(`heygate-emulator:${seed}`);
  let counter = 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    id: () => createHash('sha256').update(`${seed}:id:${counter++}`).digest('hex').slice(0, 32),
  };
}
