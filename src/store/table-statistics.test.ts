// The embedded database has no autovacuum: the table-statistics worker analyses what changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/support/database.js';
import type { Db } from './db.js';
import { refreshTableStatistics } from '../services/table-statistics.js';

let db: Db;
const probe = `stats_probe_${process.pid}`;
beforeAll(async () => {
  db = await openTestDb();
  // Autovacuum off, so on PostgreSQL only the refresh analyses it.
  await db.query(`create table ${probe} (id int) with (autovacuum_enabled = false)`);
});
afterAll(async () => {
  await db.query(`drop table if exists ${probe}`);
  await db.close();
});

const analysedRows = async () =>
  (
    await db.query<{ n: number }>(`select reltuples::float8 as n from pg_class where relname = $1`, [probe])
  )[0]!.n;

describe('refreshing planner statistics', () => {
  it('analyses a table filled since its last ANALYZE, and leaves it alone until it changes again', async () => {
    await db.query(`insert into ${probe} select generate_series(1, 5000)`);
    expect(await analysedRows()).toBeLessThan(0);
    expect(await refreshTableStatistics(db)).toContain(probe);
    expect(await analysedRows()).toBe(5000);
    expect(await refreshTableStatistics(db)).not.toContain(probe);
    await db.query(`insert into ${probe} select generate_series(1, 5000)`);
    expect(await refreshTableStatistics(db)).toContain(probe);
    expect(await analysedRows()).toBe(10_000);
  });
});
