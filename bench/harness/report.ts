// The results as a table for people and as bench/results/latest.json for tools.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult, BenchScale, DbKind } from './types.js';

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  seconds: number;
  scale: BenchScale;
  databases: { db: DbKind; label: string; sizeBytes: number | null; skipped?: string }[];
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run started: above the CPU count, something else was busy too. */
    loadAverage: number;
  };
  results: BenchResult[];
  failures: { benchmark: string; db: DbKind; error: string }[];
}

export function machine(): RunReport['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e9),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

const fmt = (n: number | null, digits = 0): string =>
  n === null || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A plain-text table, one line per result, notes underneath where there are any. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'db', 'figure', 'unit', 'limit', 'ratio', 'peak RSS'];
  const rows = results.map((r) => [
    r.name,
    r.db,
    fmt(r.figure, r.figure < 100 ? 1 : 0),
    r.unit,
    r.limit === null ? '—' : `${fmt(r.limit)} (${r.limitLabel ?? ''})`,
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.peakRssMb === null ? '—' : `${fmt(r.peakRssMb)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  results.forEach((r, i) => {
    out.push(line(rows[i]!));
    if (r.notes) out.push(`    ${r.notes}`);
  });
  return out.join('\n');
}

export function writeReport(file: string, report: RunReport): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
