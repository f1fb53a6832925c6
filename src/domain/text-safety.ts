// Finds what PostgreSQL cannot store or a recursive walker cannot survive in parsed JSON: NUL
// characters, lone UTF-16 surrogates (in values and in keys) and nesting deeper than a limit.

/** Deeper than this, a request's JSON is refused (no form, trait bag or Segment payload nests so far). */
export const MAX_JSON_DEPTH = 32;

export type UnsafeTextProblem = 'nul' | 'lone_surrogate' | 'too_deep';

export interface UnsafeText {
  /** Keys and array indices from the walked value down to the offending value (or key). */
  path: (string | number)[];
  problem: UnsafeTextProblem;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or null when it can. */
export function unsafeTextProblem(s: string): 'nul' | 'lone_surrogate' | null {
  if (s.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'lone_surrogate' : null;
}

export const UNSAFE_TEXT_MESSAGES: Record<UnsafeTextProblem, string> = {
  nul: 'must not contain NUL (\\u0000) characters',
  lone_surrogate: 'must not contain unpaired UTF-16 surrogates (invalid Unicode)',
  too_deep: `is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`,
};

interface Frame {
  value: unknown;
  path: (string | number)[];
  /** The key this value sits under in an object: checked when the value is visited. */
  key?: string;
}

/**
 * The first unsafe string, key or over-deep container in a parsed JSON value, depth-first in
 * document order; null when it is all safe. Iterative (an explicit stack), so it survives any
 * nesting `JSON.parse` produced; a container at depth `maxDepth` (the root's children are at 1)
 * is reported as `too_deep` without being entered.
 */
export function findUnsafeText(root: unknown, maxDepth = MAX_JSON_DEPTH): UnsafeText | null {
  const stack: Frame[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path, key } = stack.pop()!;
    const keyProblem = key === undefined ? null : unsafeTextProblem(key);
    if (keyProblem) return { path, problem: keyProblem };
    if (typeof value === 'string') {
      const problem = unsafeTextProblem(value);
      if (problem) return { path, problem };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= maxDepth) return { path, problem: 'too_deep' };
    const children: Frame[] = [];
    if (Array.isArray(value)) {
      value.forEach((item, i) => children.push({ value: item, path: [...path, i] }));
    } else {
      for (const [k, item] of Object.entries(value as Record<string, unknown>)) {
        children.push({ value: item, path: [...path, k], key: k });
      }
    }
    // Pushed in reverse so the first child is visited first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}
