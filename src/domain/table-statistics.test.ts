import { describe, expect, it } from 'vitest';
import { tablesToAnalyze } from './table-statistics.js';

const table = (name: string, analysedRows: number, analysedPages: number, pages: number) => ({
  name,
  analysedRows,
  analysedPages,
  pages,
});

describe('which tables need fresh planner statistics', () => {
  it('a table never analysed once it holds rows; an empty one not yet', () => {
    expect(tablesToAnalyze([table('leads', -1, 0, 3), table('goals', -1, 0, 0)])).toEqual(['leads']);
  });

  it('a table that grew or shrank by a fifth since its last ANALYZE, and at least a few pages', () => {
    expect(
      tablesToAnalyze([
        table('events', 1e6, 10_000, 12_000),
        table('leads', 1e5, 10_000, 11_999),
        table('transitions', 5e5, 5_000, 3_900),
        table('teams', 10, 1, 5),
        table('clocks', 100, 1, 9),
      ]),
    ).toEqual(['events', 'transitions', 'clocks']);
  });
});
