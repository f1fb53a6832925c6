import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QualityCounts, type RejectionCount, qualityReport } from './report-quality.js';

const key = fc.record({
  source: fc.constantFrom('google', 'linkedin', null),
  campaign: fc.constantFrom('spring', null),
  group: fc.constantFrom('a', 'b', null),
});
const counts = key.chain((k) =>
  fc
    .tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(100_000))
    .map(([mqls, a, s, w, revenue]): QualityCounts => {
      const accepted = Math.min(a, mqls);
      const sqls = Math.min(s, accepted);
      return { ...k, mqls, accepted, sqls, won: Math.min(w, sqls), revenue };
    }),
);
const rejection = key.chain((k) =>
  fc
    .record({ reason: fc.constantFrom('not_a_fit', 'bad_data'), count: fc.integer({ min: 1, max: 9 }) })
    .map((r): RejectionCount => ({ ...k, ...r })),
);
/** One count per key, as the store's GROUP BY gives them. */
const unique = <T extends { source: string | null; campaign: string | null; group: string | null }>(
  xs: T[],
) => [...new Map(xs.map((x) => [JSON.stringify([x.source, x.campaign, x.group]), x])).values()];

describe('lead quality', () => {
  it('rates against the MQLs, and a source with none has null rates', () => {
    const { rows, total } = qualityReport(
      [
        {
          source: 'google',
          campaign: 'spring',
          group: null,
          mqls: 4,
          accepted: 2,
          sqls: 1,
          won: 1,
          revenue: 1000,
        },
      ],
      [{ source: 'partner', campaign: null, group: null, reason: 'bad_data', count: 2 }],
      [{ source: 'google', campaign: 'spring', group: null, status: 'upheld', count: 1 }],
    );
    expect(rows[0]).toMatchObject({
      source: 'google',
      acceptanceRate: 0.5,
      sqlRate: 0.25,
      winRate: 0.25,
      disputes: 1,
    });
    // Rejections of a key that has no MQL row still show, with nothing to divide.
    expect(rows[1]).toMatchObject({ source: 'partner', mqls: 0, acceptanceRate: null, rejected: 2 });
    expect(total[0]).toMatchObject({ rows: 2, mqls: 4, rejected: 2, acceptanceRate: 0.5 });
  });

  it('totals add the rows (never average their rates), and every rate is a share', () => {
    fc.assert(
      fc.property(fc.array(counts, { maxLength: 12 }), fc.array(rejection, { maxLength: 12 }), (cs, rs) => {
        const { rows, total } = qualityReport(unique(cs), rs, []);
        for (const t of total) {
          const mine = rows.filter((r) => r.group === t.group);
          expect(t.mqls).toBe(mine.reduce((n, r) => n + r.mqls, 0));
          expect(t.won).toBe(mine.reduce((n, r) => n + r.won, 0));
          expect(t.rejected).toBe(mine.reduce((n, r) => n + r.rejected, 0));
          expect(t.acceptanceRate).toBe(t.mqls === 0 ? null : t.accepted / t.mqls);
        }
        expect(total.reduce((n, t) => n + t.rejected, 0)).toBe(rs.reduce((n, r) => n + r.count, 0));
        for (const r of rows)
          for (const x of [r.acceptanceRate, r.sqlRate, r.winRate])
            if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
      }),
    );
  });
});
