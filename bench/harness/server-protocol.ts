// The messages between the harness and a benchmark server process (typed on both ends).
import type { Row } from '../../src/store/db.js';
import type { LoadSummary } from '../../src/demo/load.js';
import type { Scale, ScaleName } from '../../src/demo/scales.js';
import type { BenchWorkspace } from './bench-workspace.js';

export type ServerTarget =
  { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface ServerStats {
  rssMb: number;
  heapUsedMb: number;
  /** Peak RSS of the server process since it started. */
  maxRssMb: number;
}

export interface ServerMethods {
  setupWorkspace(p: { slug: string }): Promise<BenchWorkspace>;
  loadWorkspace(p: {
    workspaceId: string;
    scale: ScaleName;
    seed: number;
    nowMs: number;
    maxBatchSpanMs?: number;
  }): Promise<LoadSummary>;
  /**
   * Regenerates the first `count` messages of (scale, seed, now) and inserts them bare, once per
   * style, each into a fresh workspace id; times only the inserts.
   */
  rawInsert(p: {
    scale: ScaleName | Scale;
    seed: number;
    nowMs: number;
    count: number;
    batchSize: number;
    concurrency: number;
    styles: ('values' | 'unnest')[];
  }): Promise<{ style: 'values' | 'unnest'; ms: number; rows: number }[]>;
  /**
   * Imports a CSV file through the service behind `tandem import` (open, start, run), sampling
   * the process's RSS while it runs and at 10 %, 50 % and 100 % of the file's bytes.
   */
  importCsv(p: { workspaceId: string; file: string; kind: 'leads' | 'accounts' }): Promise<ImportRun>;
  /** COPY of a CSV file into a plain table of the leads CSV's columns (the import's ceiling). */
  copyCsv(p: { file: string }): Promise<{ ms: number; rows: number; how: string }>;
  query(p: { sql: string; params: unknown[] }): Promise<Row[]>;
  stats(): Promise<ServerStats>;
}

export interface ImportRun {
  ms: number;
  status: string;
  counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  /** RSS before the import started, the highest sampled (every 50 ms) and the process's peak. */
  startRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  /** RSS when the import had read 10 %, 50 % and 100 % of the file. */
  rssAtMb: { p10: number; p50: number; p100: number };
  heapAtMb: { p10: number; p50: number; p100: number };
}

export type MethodName = keyof ServerMethods;

export type ToServer =
  { type: 'call'; id: number; method: MethodName; params: unknown } | { type: 'shutdown' };

export type ToParent =
  | { type: 'ready'; url: string }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string };
