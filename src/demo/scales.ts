// The sizes the generator is used at: the demo workspace, the benchmark's small and full runs, tests.

export interface Scale {
  /** People who fill in a form and become leads. */
  leads: number;
  /** Anonymous visitors who never identify, per lead. */
  visitorsPerLead: number;
  /** Length of the history, ending "now". */
  months: number;
  /** Average leads per account (bigger accounts get more). */
  leadsPerAccount: number;
}

export const SCALES = {
  /** Unit tests: enough people for rates to mean something, generated in well under a second. */
  test: { leads: 2_000, visitorsPerLead: 1, months: 13, leadsPerAccount: 2.5 },
  /**
   * `npm start` / `tandem demo`: enough leads for every month's rates to mean something (about 90
   * MQLs and 20 wins a month), ready within the minute a newcomer waits.
   */
  demo: { leads: 2_000, visitorsPerLead: 0.5, months: 12, leadsPerAccount: 2.2 },
  /** The demo workspace in the test suite (browser tests share one per run): the same story, smaller. */
  demoTest: { leads: 260, visitorsPerLead: 0.8, months: 12, leadsPerAccount: 2.2 },
  /** `npm run bench -- --scale small`: the workspace the API is loaded against. */
  small: { leads: 500, visitorsPerLead: 1, months: 13, leadsPerAccount: 2.5 },
  /** `npm run bench -- --scale full`: 1M leads, about 20M events. */
  full: { leads: 1_000_000, visitorsPerLead: 1, months: 13, leadsPerAccount: 3 },
} as const satisfies Record<string, Scale>;

export type ScaleName = keyof typeof SCALES;

export const isScaleName = (s: string): s is ScaleName => s in SCALES;

/** A two-thousand-lead year whose first months supply the small runs' event streams (all kinds, many leads). */
export const STREAM: Scale = { leads: 2_000, visitorsPerLead: 1, months: 13, leadsPerAccount: 2.5 };
