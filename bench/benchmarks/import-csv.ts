// CSV import: a generated leads CSV (HubSpot's columns) imported through the service behind
// `tandem import leads` into a fresh workspace, timed from opening the file to the import's last
// commit; rows/s and the server's RSS (peak, and at 10 %, 50 % and 100 % of the file, to show it
// does not grow with the file), compared to COPY of the same file into a plain table of the same
// columns. Issue 20's goal: ≥ 50k rows/s on PostgreSQL, memory under 300 MB and flat.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeLeadsCsv } from '../harness/leads-csv.js';
import { formatInt, round } from '../harness/measure.js';
import type { ImportRun } from '../harness/server-protocol.js';
import { type Benchmark, result } from '../harness/types.js';

/** Rows of the file; BENCH_IMPORT_ROWS overrides the scale's size. */
const SIZES = { small: 50_000, full: 1_000_000 } as const;
const WARMUP_ROWS = 2_000;
const SEED = 20;
const GOAL_ROWS_PER_SECOND = 50_000;
const GOAL_RSS_MB = 300;

const benchmark: Benchmark = {
  name: 'import-csv',
  description:
    'rows/s and RSS of `tandem import leads` on a generated leads CSV vs COPY of the same file into a plain table',
  async run(ctx) {
    const rows = Number(process.env.BENCH_IMPORT_ROWS ?? SIZES[ctx.scale]);
    if (!Number.isInteger(rows) || rows <= 0) throw new Error('BENCH_IMPORT_ROWS: a positive whole number');
    const dir = tmpdir();
    const file = path.join(dir, `tandem-bench-leads-${process.pid}-${rows}.csv`);
    const warmFile = path.join(dir, `tandem-bench-leads-${process.pid}-warm.csv`);
    const endMs = Date.parse('2026-11-30T00:00:00Z');
    try {
      ctx.log(`import-csv: writing ${formatInt(rows)} generated leads`);
      const t = performance.now();
      const bytes = await writeLeadsCsv(file, { rows, seed: SEED, endMs });
      await writeLeadsCsv(warmFile, { rows: WARMUP_ROWS, seed: SEED + 1, endMs });
      ctx.log(
        `import-csv: ${round(bytes / 1048576)} MB written in ${round((performance.now() - t) / 1000)} s`,
      );

      // The ceiling first, in a server of its own, so its file buffer never counts against the import.
      let server = await ctx.startServer();
      let copy: { ms: number; rows: number; how: string };
      try {
        copy = await server.call('copyCsv', { file });
      } finally {
        await server.stop();
      }
      ctx.log(`import-csv: COPY ${formatInt(copy.rows)} rows in ${round(copy.ms / 1000)} s (${copy.how})`);

      server = await ctx.startServer();
      let imported: ImportRun;
      try {
        const warm = await server.call('setupWorkspace', { slug: `import-warm-${Date.now()}` });
        await server.call('importCsv', { workspaceId: warm.workspaceId, file: warmFile, kind: 'leads' });
        const target = await server.call('setupWorkspace', { slug: `import-${Date.now()}` });
        ctx.log(`import-csv: importing ${formatInt(rows)} rows`);
        imported = await server.call('importCsv', { workspaceId: target.workspaceId, file, kind: 'leads' });
        const [stored] = await server.call('query', {
          sql: `select count(*)::int as n from leads where workspace_id = $1`,
          params: [target.workspaceId],
        });
        const expected = imported.counts.created;
        if (Number(stored?.n) !== expected)
          throw new Error(`the import says it created ${expected} leads but ${String(stored?.n)} are stored`);
      } finally {
        await server.stop();
      }
      const rate = (imported.counts.rows / imported.ms) * 1000;
      const copyRate = (copy.rows / copy.ms) * 1000;
      const at = imported.rssAtMb;
      ctx.log(
        `import-csv: ${formatInt(rate)} rows/s vs COPY ${formatInt(copyRate)} rows/s (ratio ${round(rate / copyRate, 3)}); ` +
          `RSS ${round(at.p10, 0)} / ${round(at.p50, 0)} / ${round(at.p100, 0)} MB at 10/50/100 %, peak ${round(imported.peakRssMb, 0)} MB`,
      );
      return [
        result({
          name: 'import-csv',
          db: ctx.db,
          figure: round(rate, 0),
          unit: 'rows/s',
          limit: round(copyRate, 0),
          limitLabel: `COPY of the same file (${copy.how}); goal ≥ ${formatInt(GOAL_ROWS_PER_SECOND)} rows/s on PostgreSQL`,
          peakRssMb: round(imported.peakRssMb, 0),
          notes:
            `${formatInt(imported.counts.rows)} rows (${round(bytes / 1048576)} MB) ${imported.status}: ` +
            `${formatInt(imported.counts.created)} created, ${formatInt(imported.counts.rejected)} rejected, in ${round(imported.ms / 1000)} s; ` +
            `RSS ${round(imported.startRssMb, 0)} MB before, ${round(at.p10, 0)} / ${round(at.p50, 0)} / ${round(at.p100, 0)} MB at 10 / 50 / 100 % of the file ` +
            `(heap ${round(imported.heapAtMb.p10, 0)} / ${round(imported.heapAtMb.p50, 0)} / ${round(imported.heapAtMb.p100, 0)} MB); goal < ${GOAL_RSS_MB} MB, flat`,
          details: {
            rows: imported.counts.rows,
            created: imported.counts.created,
            rejected: imported.counts.rejected,
            fileBytes: bytes,
            importMs: round(imported.ms, 0),
            copyMs: round(copy.ms, 0),
            copyRows: copy.rows,
            copyHow: copy.how,
            startRssMb: round(imported.startRssMb, 0),
            rssAt10Mb: round(at.p10, 0),
            rssAt50Mb: round(at.p50, 0),
            rssAt100Mb: round(at.p100, 0),
            maxRssMb: round(imported.maxRssMb, 0),
            heapAt10Mb: round(imported.heapAtMb.p10, 0),
            heapAt50Mb: round(imported.heapAtMb.p50, 0),
            heapAt100Mb: round(imported.heapAtMb.p100, 0),
            goalRowsPerSecond: GOAL_ROWS_PER_SECOND,
            goalRssMb: GOAL_RSS_MB,
          },
        }),
      ];
    } finally {
      rmSync(file, { force: true });
      rmSync(warmFile, { force: true });
    }
  },
};

export default benchmark;
