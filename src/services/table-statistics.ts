// Fresh planner statistics on the embedded database, which has no autovacuum daemon to keep them.
import { tablesToAnalyze } from '../domain/table-statistics.js';
import type { Db } from '../store/db.js';
import { analyzeTables, tableSizes } from '../store/table-statistics.js';

/** ANALYZEs the tables that changed enough since their last ANALYZE; returns their names. */
export async function refreshTableStatistics(db: Db): Promise<string[]> {
  const stale = tablesToAnalyze(await tableSizes(db));
  await analyzeTables(db, stale);
  return stale;
}
