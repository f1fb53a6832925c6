// What a benchmark is, what it gets to work with, and what it reports.
import type { ServerTarget } from './server-protocol.js';
import type { BenchServer } from './server.js';

export type DbKind = 'pglite' | 'postgres';
export type BenchScale = 'small' | 'full';

/** One line of the results table and of bench/results/latest.json. */
export interface BenchResult {
  name: string;
  db: DbKind;
  figure: number;
  unit: string;
  /** What the figure is compared to (a ceiling measured in the same run, or a target); null: none. */
  limit: number | null;
  limitLabel: string | null;
  /** figure / limit, when there is a limit. */
  ratio: number | null;
  /** Peak resident memory of the Tandem server process during the benchmark. */
  peakRssMb: number | null;
  notes: string;
  /** The numbers behind the notes, for whoever reads the JSON. */
  details?: Record<string, number | string>;
}

/** The fixture workspace: a generated history shared by the benchmarks that read data. */
export interface FixtureWorkspace {
  workspaceId: string;
  writeKey: string;
  /** A secret API key with the sales_manager role (reads leads, inboxes, reports). */
  secretKey: string;
  /** A sales rep (for inbox requests). */
  repId: string;
  leads: number;
  events: number;
  loadMs: number;
  /** Database growth while loading it: bytes per event of a whole generated workspace. */
  bytesPerEvent: number;
}

export interface BenchContext {
  db: DbKind;
  scale: BenchScale;
  /**
   * The run's database, for a benchmark that opens it in its own process (never while one of its
   * servers runs on the embedded database: that has one process at a time).
   */
  target: ServerTarget;
  /** Starts a Tandem server (its own process) on this run's database. Stop it when done. */
  startServer(): Promise<BenchServer>;
  /**
   * The generated workspace at this scale, loaded once per database per run by a server process of
   * its own (call it before `startServer`: the embedded database has one process at a time).
   */
  fixture(): Promise<FixtureWorkspace>;
  log(message: string): void;
}

export interface Benchmark {
  /** Used with `--only`; kebab-case. */
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

/** A result with the ratio filled in from figure and limit. */
export function result(r: Omit<BenchResult, 'ratio'> & { ratio?: number | null }): BenchResult {
  const ratio = r.ratio !== undefined ? r.ratio : r.limit ? r.figure / r.limit : null;
  return { ...r, ratio };
}
