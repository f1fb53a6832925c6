import { describe, expect, it } from 'vitest';
import { HashedClaims, planImportBatch } from './import-plan.js';

describe('HashedClaims', () => {
  it('answers what a Map of the same keys answers, across growth', () => {
    const claims = new HashedClaims();
    const map = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const key = i % 3 === 0 ? `x:${100_000 + i}` : `s:person.${i.toString(36)}@example.com`;
      claims.set(key, i + 2);
      map.set(key, i + 2);
    }
    claims.set('s:person.1@example.com', 7);
    map.set('s:person.1@example.com', 7);
    expect(claims.size).toBe(map.size);
    const wrong = [...map].filter(([key, row]) => claims.get(key) !== row);
    expect(wrong).toEqual([]);
    const found = Array.from({ length: 50_000 }, (_, i) => `s:nobody.${i}@example.com`).filter(
      (key) => claims.get(key) !== undefined,
    );
    expect(found).toEqual([]);
    expect(claims.get('')).toBeUndefined();
  });

  it('serves the plan: a second row for the same lead is refused with the first row named', () => {
    const claims = new HashedClaims();
    const plan = planImportBatch(
      'leads',
      [
        { row: 2, fields: { email: 'a@x.com' } },
        { row: 3, fields: { email: 'a@x.com' } },
      ],
      [],
      claims,
      'Email',
    );
    expect(plan.creates.map((c) => c.row)).toEqual([2]);
    expect(plan.rejected).toEqual([
      { row: 3, problems: [{ column: null, value: null, reason: 'is the same lead as row 2 (a@x.com)' }] },
    ]);
    const later = planImportBatch(
      'leads',
      [{ row: 9000, fields: { email: 'a@x.com' } }],
      [],
      claims,
      'Email',
    );
    expect(later.rejected[0]?.problems[0]?.reason).toBe('is the same lead as row 2 (a@x.com)');
  });
});
