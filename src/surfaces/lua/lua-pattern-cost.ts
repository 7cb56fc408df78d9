/**
 * Worst-case cost of a Lua pattern match, so the sandbox can refuse matches that would block the process.
 *
 * Why: `string.find/match/gmatch/gsub` run inside one C call, and no instruction hook fires inside it.
 * Lua's matcher backtracks: every quantified item (`*`, `+`, `-`) that is followed by more pattern may try
 * every length of its run for every start position, so `("a"):rep(3000):find(".-.-b")` takes ~40 s in
 * WebAssembly. The bound used here: `starts × Π(run(item) + 1) × items`, where `starts` is n + 1 (1 when
 * anchored), `run(item)` is the longest run of subject bytes the item's class matches (n for `.`), a
 * `?` counts 2, `%b` and back-references count n, and the final quantified item counts 1 (it expands once
 * and the match succeeds). It over-estimates, never under-estimates, the matcher's steps.
 */

/** Which string function runs the pattern: `gmatch` has no `^` anchor (a leading `^` is a literal). */
export type LuaPatternFunction = 'find' | 'match' | 'gmatch' | 'gsub';

/** Subject-independent shape of a pattern, for a quick bound: `(n + 1) ^ exponent × items`. */
export interface LuaPatternShape {
  /** Number of factors that can each grow with the subject length (start positions included). */
  exponent: number;
  /** Number of pattern items (each start tries each item at least once). */
  items: number;
}

/** One parsed item: a character class (with its quantifier) or a special item. */
type PatternItem =
  | { kind: 'class'; matches: (byte: number) => boolean; quantifier: '' | '*' | '+' | '-' | '?' }
  | { kind: 'balance' | 'backref' }
  | { kind: 'simple' };

const classTests: Record<string, (byte: number) => boolean> = {
  a: (b) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122),
  c: (b) => b < 32 || b === 127,
  d: (b) => b >= 48 && b <= 57,
  g: (b) => b >= 33 && b <= 126,
  l: (b) => b >= 97 && b <= 122,
  p: (b) => b >= 33 && b <= 126 && !classTests.a!(b) && !classTests.d!(b),
  s: (b) => b === 32 || (b >= 9 && b <= 13),
  u: (b) => b >= 65 && b <= 90,
  w: (b) => classTests.a!(b) || classTests.d!(b),
  x: (b) => classTests.d!(b) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102),
};

/** The test of `%c` (c a class letter, either case) or of the literal character after `%`. */
function escapeTest(letter: string): (byte: number) => boolean {
  const test = classTests[letter.toLowerCase()];
  if (!test) {
    const code = letter.charCodeAt(0);
    return (b) => b === code;
  }
  return letter === letter.toLowerCase() ? test : (b) => !test(b);
}

/** Parses `[set]` starting at `start` (the `[`); returns its test and the index after `]`. */
function parseSet(pattern: string, start: number): { test: (byte: number) => boolean; end: number } {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '^') {
    negate = true;
    i++;
  }
  const parts: ((byte: number) => boolean)[] = [];
  let first = true;
  while (i < pattern.length && (first || pattern[i] !== ']')) {
    first = false;
    const char = pattern[i]!;
    if (char === '%' && i + 1 < pattern.length) {
      parts.push(escapeTest(pattern[i + 1]!));
      i += 2;
    } else if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      const low = char.charCodeAt(0);
      const high = pattern.charCodeAt(i + 2);
      parts.push((b) => b >= low && b <= high);
      i += 3;
    } else {
      const code = char.charCodeAt(0);
      parts.push((b) => b === code);
      i++;
    }
  }
  const test = (b: number) => parts.some((part) => part(b)) !== negate;
  return { test, end: Math.min(i + 1, pattern.length) };
}

/** Splits a pattern into items. Malformed patterns parse loosely; Lua itself reports their errors. */
function parsePattern(pattern: string, fn: LuaPatternFunction): { anchored: boolean; items: PatternItem[] } {
  let i = 0;
  let anchored = false;
  if (fn !== 'gmatch' && pattern[0] === '^') {
    anchored = true;
    i = 1;
  }
  const items: PatternItem[] = [];
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === '(' || char === ')') {
      i++;
      continue;
    }
    if (char === '$' && i === pattern.length - 1) {
      items.push({ kind: 'simple' });
      i++;
      continue;
    }
    let test: (byte: number) => boolean;
    if (char === '%') {
      const next = pattern[i + 1] ?? '';
      if (next === 'b') {
        items.push({ kind: 'balance' });
        i += 4;
        continue;
      }
      if (next === 'f') {
        const set = parseSet(pattern, i + 2);
        items.push({ kind: 'simple' });
        i = set.end;
        continue;
      }
      if (next >= '0' && next <= '9') {
        items.push({ kind: 'backref' });
        i += 2;
        continue;
      }
      test = escapeTest(next);
      i += 2;
    } else if (char === '[') {
      const set = parseSet(pattern, i);
      test = set.test;
      i = set.end;
    } else if (char === '.') {
      test = () => true;
      i++;
    } else {
      const code = char.charCodeAt(0);
      test = (b) => b === code;
      i++;
    }
    const quantifier = pattern[i];
    if (quantifier === '*' || quantifier === '+' || quantifier === '-' || quantifier === '?') {
      items.push({ kind: 'class', matches: test, quantifier });
      i++;
    } else {
      items.push({ kind: 'class', matches: test, quantifier: '' });
    }
  }
  return { anchored, items };
}

/** True when the pattern has no magic characters: `find` then does a plain substring search. */
function isPlain(pattern: string): boolean {
  return !/[\^$*+?.()[\]%-]/.test(pattern);
}

/** Index of the last item that may backtrack; items after it are simple, so it is "final". */
function lastIndex(items: PatternItem[]): number {
  return items.length - 1;
}

/** The quick, subject-independent bound of a pattern (see {@link LuaPatternShape}). */
export function luaPatternShape(pattern: string, fn: LuaPatternFunction, plain = false): LuaPatternShape {
  if (plain || (fn === 'find' && isPlain(pattern)))
    return { exponent: 1, items: Math.max(1, pattern.length) };
  const { anchored, items } = parsePattern(pattern, fn);
  let exponent = anchored ? 0 : 1;
  const last = lastIndex(items);
  items.forEach((item, index) => {
    if (item.kind === 'balance' || item.kind === 'backref') exponent++;
    else if (item.kind === 'class' && item.quantifier !== '' && index !== last) exponent++;
  });
  return { exponent, items: Math.max(1, items.length) };
}

/**
 * The refined bound for one subject: each quantified class counts the longest run of subject bytes it
 * matches, not the whole length. `find("key=value; …", "(%w+)=(%w+)")` is linear in practice and passes;
 * `find(("a"):rep(3000), ".-.-b")` is cubic and does not.
 */
export function luaPatternSteps(
  subject: Uint8Array,
  pattern: string,
  fn: LuaPatternFunction,
  plain = false,
): number {
  const n = subject.length;
  if (plain || (fn === 'find' && isPlain(pattern))) return (n + 1) * Math.max(1, pattern.length);
  const { anchored, items } = parsePattern(pattern, fn);
  let steps = (anchored ? 1 : n + 1) * Math.max(1, items.length);
  const last = lastIndex(items);
  items.forEach((item, index) => {
    if (item.kind === 'balance' || item.kind === 'backref') steps *= n + 1;
    else if (item.kind === 'class' && item.quantifier === '?' && index !== last) steps *= 2;
    else if (item.kind === 'class' && item.quantifier !== '' && index !== last)
      steps *= longestRun(subject, item.matches) + 1;
  });
  return steps;
}

function longestRun(subject: Uint8Array, matches: (byte: number) => boolean): number {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = matches(b) ? 1 : 0;
  let longest = 0;
  let current = 0;
  for (let i = 0; i < subject.length; i++) {
    if (table[subject[i]!]) {
      current++;
      if (current > longest) longest = current;
    } else {
      current = 0;
    }
  }
  return longest;
}
