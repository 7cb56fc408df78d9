import { describe, expect, it } from 'vitest';
import { luaPatternShape, luaPatternSteps } from './lua-pattern-cost.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('luaPatternShape', () => {
  it('counts start positions and every quantified item that more pattern follows', () => {
    expect(luaPatternShape('%d+', 'find')).toEqual({ exponent: 1, items: 1 });
    expect(luaPatternShape('^%d+', 'find')).toEqual({ exponent: 0, items: 1 });
    expect(luaPatternShape('.-.-b', 'find')).toEqual({ exponent: 3, items: 3 });
    expect(luaPatternShape('^%s*(.-)%s*$', 'match')).toEqual({ exponent: 3, items: 4 });
    expect(luaPatternShape('(%w+)=(%w+)', 'gmatch')).toEqual({ exponent: 2, items: 3 });
  });

  it('treats a leading ^ in gmatch as a literal (Lua 5.4 gmatch has no anchor)', () => {
    expect(luaPatternShape('^a*b', 'gmatch').exponent).toBe(2);
    expect(luaPatternShape('^a*b', 'gsub').exponent).toBe(1);
  });

  it('counts %b and back-references as growing with the subject, wherever they are', () => {
    expect(luaPatternShape('%b()', 'find').exponent).toBe(2);
    expect(luaPatternShape('(a*)%1', 'find').exponent).toBe(3);
    expect(luaPatternShape('%f[%w]%w+', 'gmatch').exponent).toBe(1);
  });

  it('prices plain finds (and patterns without magic characters) as a substring search', () => {
    expect(luaPatternShape('.-.-b', 'find', true)).toEqual({ exponent: 1, items: 5 });
    expect(luaPatternShape('hello', 'find')).toEqual({ exponent: 1, items: 5 });
  });
});

describe('luaPatternSteps', () => {
  const text = bytes('name=heygate; plan=wallet; region=eu; '.repeat(20000));

  it('lets linear-in-practice patterns run on big subjects: runs, not lengths, bound the backtracking', () => {
    const naive = (text.length + 1) ** 2 * 3;
    const refined = luaPatternSteps(text, '(%w+)=(%w+)', 'gmatch');
    expect(naive).toBeGreaterThan(1e8);
    expect(refined).toBeLessThan(1e8);
    expect(refined).toBe((text.length + 1) * 3 * ('heygate'.length + 1));
  });

  it('prices the classic cubic pattern on a run of the same byte as cubic', () => {
    const subject = bytes('a'.repeat(3000));
    expect(luaPatternSteps(subject, '.-.-b', 'find')).toBe(3001 * 3 * 3001 * 3001);
    expect(luaPatternSteps(subject, '^.-.-b', 'find')).toBe(3 * 3001 * 3001);
  });

  it('reads sets: negation, ranges, escapes and a leading ]', () => {
    const subject = bytes('abc]]]]]]123-_-_-_xyz');
    expect(luaPatternSteps(subject, '[%]]*x', 'find')).toBe((subject.length + 1) * 2 * 7);
    expect(luaPatternSteps(subject, '[]]*x', 'find')).toBe((subject.length + 1) * 2 * 7);
    expect(luaPatternSteps(subject, '[^%d]*1', 'find')).toBe((subject.length + 1) * 2 * 10);
    expect(luaPatternSteps(subject, '[a-c]*q', 'find')).toBe((subject.length + 1) * 2 * 4);
    expect(luaPatternSteps(subject, '[_-]+q', 'find')).toBe((subject.length + 1) * 2 * 7);
  });

  it('uses the C-locale character classes and their complements', () => {
    const subject = bytes('  \t\n  word  ');
    expect(luaPatternSteps(subject, '%s*w', 'find')).toBe((subject.length + 1) * 2 * 7);
    expect(luaPatternSteps(subject, '%S*w', 'find')).toBe((subject.length + 1) * 2 * 5);
    expect(luaPatternSteps(subject, '%a-d', 'find')).toBe((subject.length + 1) * 2 * 5);
  });

  it('counts a final quantifier once, ? as two choices, %b and back-references as the subject length', () => {
    const subject = bytes('x'.repeat(100));
    expect(luaPatternSteps(subject, 'x*', 'find')).toBe(101);
    expect(luaPatternSteps(subject, 'x?y', 'find')).toBe(101 * 2 * 2);
    expect(luaPatternSteps(subject, '%bxy', 'find')).toBe(101 * 1 * 101);
    expect(luaPatternSteps(subject, '(x*)%1', 'find')).toBe(101 * 2 * 101 * 101);
    expect(luaPatternSteps(subject, 'xx', 'find', true)).toBe(101 * 2);
  });
});
