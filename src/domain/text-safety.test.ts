import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, findUnsafeText, unsafeTextProblem } from './text-safety.js';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

describe('unsafeTextProblem', () => {
  it('refuses NUL and unpaired surrogates, and accepts any well-formed text', () => {
    expect(unsafeTextProblem('demo\u0000')).toBe('nul');
    expect(unsafeTextProblem('a\uD800b')).toBe('lone_surrogate');
    expect(unsafeTextProblem('\uDC00')).toBe('lone_surrogate');
    expect(unsafeTextProblem('a\uD800')).toBe('lone_surrogate');
    expect(unsafeTextProblem('😀 café ñ')).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(unsafeTextProblem(s.replaceAll('\u0000', ''))).toBeNull();
      }),
    );
  });
});

describe('findUnsafeText', () => {
  it('names the first bad value by its path, keys included', () => {
    expect(findUnsafeText({ workspace: 'demo\u0000' })).toEqual({ path: ['workspace'], problem: 'nul' });
    expect(findUnsafeText({ traits: { ok: 'x', name: 'a\uD800' } })).toEqual({
      path: ['traits', 'name'],
      problem: 'lone_surrogate',
    });
    expect(findUnsafeText({ batch: [{}, {}, {}, { properties: { ['x\u0000']: 1 } }] })).toEqual({
      path: ['batch', 3, 'properties', 'x\u0000'],
      problem: 'nul',
    });
    expect(findUnsafeText({ a: ['fine', 2, null, true, { b: 'c' }] })).toBeNull();
  });

  it('refuses nesting past the limit without recursing, at 5,000 and 100,000 levels', () => {
    expect(findUnsafeText(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findUnsafeText(nested(MAX_JSON_DEPTH + 1))?.problem).toBe('too_deep');
    for (const depth of [5_000, 100_000]) {
      const found = findUnsafeText(nested(depth));
      expect(found?.problem).toBe('too_deep');
      expect(found?.path).toHaveLength(MAX_JSON_DEPTH);
    }
  });

  it('finds a NUL planted anywhere in a random JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.string(), (value, s) => {
        const clean = JSON.parse(JSON.stringify(value).replace(/\\u0000/g, '')) as unknown;
        expect(findUnsafeText(clean)?.problem).not.toBe('nul');
        const planted = { data: clean, deep: [{ x: `${s}\u0000` }] };
        expect(findUnsafeText(planted)).not.toBeNull();
      }),
    );
  });
});
