// When the query planner's statistics of a table are stale enough to refresh. PostgreSQL's
// autovacuum daemon does this on a server; the embedded database (PGlite) runs no daemon, so without
// it a table filled after start-up (the demo, an import) is planned as if it were empty.

export interface TableSize {
  name: string;
  /** Rows the last ANALYZE counted; negative when the table was never analysed. */
  analysedRows: number;
  /** Pages the last ANALYZE (or VACUUM) saw. */
  analysedPages: number;
  /** Pages the table has now. */
  pages: number;
}

/** Tables grown or shrunk by a fifth (and at least `minPages`) since their last ANALYZE, or never analysed. */
export function tablesToAnalyze(tables: readonly TableSize[], minPages = 8): string[] {
  return tables
    .filter((t) =>
      t.analysedRows < 0
        ? t.pages > 0
        : Math.abs(t.pages - t.analysedPages) >= Math.max(minPages, 0.2 * t.analysedPages),
    )
    .map((t) => t.name);
}
