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
  query(p: { sql: string; params: unknown[] }): Promise<Row[]>;
  stats(): Promise<ServerStats>;
}

export type MethodName = keyof ServerMethods;

export type ToServer =
  { type: 'call'; id: number; method: MethodName; params: unknown } | { type: 'shutdown' };

export type ToParent =
  | { type: 'ready'; url: string }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string };
