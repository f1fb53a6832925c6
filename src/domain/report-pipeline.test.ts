import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_STAGES } from './opportunities.js';
import { type OpenPipelineSums, pipelineReport } from './report-pipeline.js';

describe('pipeline', () => {
  it("follows the agreement's stage order, keeps stages it no longer names, and forecasts won + weighted closing", () => {
    const r = pipelineReport(
      [
        { stage: 'Proposal', source: 'google', group: null, count: 2, amount: 3000, weighted: 1500 },
        { stage: 'Legacy', source: null, group: null, count: 1, amount: 100, weighted: 10 },
      ],
      [{ group: null, won: 3, lost: 1, wonAmount: 900, closingCount: 1, closingWeighted: 250 }],
      DEFAULT_OPPORTUNITY_STAGES,
    );
    expect(r.byStage.map((s) => [s.stage, s.count, s.probability])).toEqual([
      ['Discovery', 0, 0.1],
      ['Solution Demo', 0, 0.25],
      ['Proposal', 2, 0.5],
      ['Negotiation', 0, 0.75],
      ['Legacy', 1, null],
    ]);
    expect(r.summary[0]).toMatchObject({
      winRate: 0.75,
      averageDealSize: 300,
      forecast: 1150,
      weighted: 1510,
    });
  });

  it('an empty pipeline has no rates to show, not zeros', () => {
    const r = pipelineReport([], [], DEFAULT_OPPORTUNITY_STAGES);
    expect(r.summary).toEqual([
      expect.objectContaining({ open: 0, winRate: null, averageDealSize: null, forecast: 0 }),
    ]);
    expect(r.summary[0]?.cycleTime).toEqual({
      unit: 'days',
      count: 0,
      mean: null,
      median: null,
      p75: null,
      p90: null,
    });
  });

  it("gives each breakdown value its own won deals' cycle time, and none to a value that won nothing", () => {
    const r = pipelineReport(
      [],
      [
        { group: 'GTX Pro', won: 2, lost: 1, wonAmount: 9000, closingCount: 0, closingWeighted: 0 },
        { group: 'MG Special', won: 0, lost: 3, wonAmount: 0, closingCount: 0, closingWeighted: 0 },
      ],
      DEFAULT_OPPORTUNITY_STAGES,
      [{ group: 'GTX Pro', count: 2, mean: 40, median: 40, p75: 50, p90: 56 }],
    );
    expect(r.summary.map((s) => [s.group, s.winRate, s.cycleTime.count, s.cycleTime.median])).toEqual([
      ['GTX Pro', 2 / 3, 2, 40],
      ['MG Special', 0, 0, null],
    ]);
  });

  it('stages, sources and the summary add up to the same open pipeline', () => {
    const sums = fc.record({
      stage: fc.constantFrom('Discovery', 'Proposal', 'Odd'),
      source: fc.constantFrom('google', 'partner', null),
      group: fc.constantFrom('x', null),
      count: fc.integer({ min: 1, max: 20 }),
      amount: fc.integer({ min: 0, max: 1_000_000 }),
      weighted: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(sums, { maxLength: 15 }), (open: OpenPipelineSums[]) => {
        const r = pipelineReport(open, [], DEFAULT_OPPORTUNITY_STAGES);
        for (const s of r.summary) {
          const add = (xs: { group: string | null; count: number; weighted: number }[]) =>
            xs
              .filter((x) => x.group === s.group)
              .reduce((n, x) => [n[0]! + x.count, n[1]! + x.weighted], [0, 0]);
          expect(add(r.byStage)).toEqual([s.open, s.weighted]);
          expect(add(r.bySource)).toEqual([s.open, s.weighted]);
        }
        expect(r.summary.reduce((n, s) => n + s.open, 0)).toBe(open.reduce((n, o) => n + o.count, 0));
      }),
    );
  });
});
