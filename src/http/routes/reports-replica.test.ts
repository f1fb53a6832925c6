// With a report replica configured (DATABASE_REPLICA_URL), every report's reads go to the replica's
// connection and nothing that writes does. The "replica" here is a second connection to the test
// database (a pool of its own on PostgreSQL); each side counts and records its statements.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { Deps } from '../../services/deps.js';
import { type Db, openPostgres } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import { bearer, makeWorkspace, recordingDb, testApp, testDeps } from '../../../test/support/fixtures.js';
import { nineAm as at, MID_JUNE_2026 } from '../../../test/support/report-test.js';
import { insertLead, insertTransitions } from '../../../test/support/seed-rows.js';

let db: Db;
let replicaConnection: Db;
let app: FastifyInstance;
let manager: Record<string, string>;
let admin: Record<string, string>;
const onPrimary: string[] = [];
const onReplica: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig();
  replicaConnection = config.database.kind === 'postgres' ? await openPostgres(config.database.url, 2) : db;
  const ws = await makeWorkspace(testDeps(db));
  const lead = await insertLead(db, ws.workspace.id, { source: 'google' });
  await insertTransitions(db, ws.workspace.id, lead, [
    ['lead', at('2026-02-02')],
    ['mql', at('2026-02-03')],
    ['sal', at('2026-02-04')],
  ]);
  manager = bearer(await ws.key('sales_manager'));
  admin = bearer(await ws.key('admin'));
  const deps: Deps = {
    ...testDeps(recordingDb(db, onPrimary), () => MID_JUNE_2026),
    reportDb: recordingDb(replicaConnection, onReplica),
  };
  app = await testApp(deps);
});

afterAll(async () => {
  await app.close();
  if (replicaConnection !== db) await replicaConnection.close();
  await db.close();
});

const REPORTS = [
  '/api/v1/reports/funnel?from=2026-01&to=2026-03',
  '/api/v1/reports/velocity?from=2026-01&to=2026-03&by=source',
  '/api/v1/reports/quality?from=2026-01&to=2026-03',
  '/api/v1/reports/pipeline?from=2026-01&to=2026-03',
  '/api/v1/reports/sla?from=2026-01&to=2026-03',
  '/api/v1/reports/influence?from=2026-01&to=2026-03',
  '/api/v1/reports/goals?from=2026-01&to=2026-06',
  '/api/v1/reports/spend?from=2026-01&to=2026-06',
  '/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09',
];

describe('reports on a replica', () => {
  it.each(REPORTS)('%s reads the replica, and only sign-in checks touch the primary', async (url) => {
    const primaryBefore = onPrimary.length;
    const replicaBefore = onReplica.length;
    const res = await app.inject({ method: 'GET', url, headers: manager });
    expect(res.statusCode, res.body).toBe(200);
    const replicaSql = onReplica.slice(replicaBefore);
    const primarySql = onPrimary.slice(primaryBefore);
    expect(replicaSql.length).toBeGreaterThan(0);
    // The report's own statements ran on the replica and none of them on the primary.
    expect(primarySql.filter((sql) => replicaSql.includes(sql))).toEqual([]);
    expect(
      primarySql.filter((sql) => /\bfrom transitions\b|\bfrom opportunities\b|\bsla_clocks\b/.test(sql)),
    ).toEqual([]);
  });

  it('the funnel read on the replica counts the seeded lead', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/funnel?from=2026-02&to=2026-02',
      headers: manager,
    });
    const total = res.json<{ total: { steps: { step: string; reached: number }[] }[] }>().total[0];
    expect(total?.steps.find((s) => s.step === 'sal')?.reached).toBe(1);
  });

  it('setting a goal and recording spend write to the primary, never the replica', async () => {
    const replicaBefore = onReplica.length;
    const primaryBefore = onPrimary.length;
    const goal = await app.inject({
      method: 'PUT',
      url: '/api/v1/goals/2026-Q3/revenue',
      headers: admin,
      payload: { target: 50_000 },
    });
    expect(goal.statusCode, goal.body).toBe(200);
    const spend = await app.inject({
      method: 'PUT',
      url: '/api/v1/spend/google/2026-05',
      headers: admin,
      payload: { amount: 1200 },
    });
    expect(spend.statusCode, spend.body).toBe(200);
    const writes = (sql: string) => /^\s*(insert|update|delete)\b/i.test(sql);
    expect(onReplica.slice(replicaBefore).filter(writes)).toEqual([]);
    const primaryWrites = onPrimary.slice(primaryBefore).filter(writes);
    expect(primaryWrites.some((sql) => /insert into goals/.test(sql))).toBe(true);
    expect(primaryWrites.some((sql) => /insert into channel_spend/.test(sql))).toBe(true);
  });
});

describe('DATABASE_REPLICA_URL', () => {
  const primary = 'postgres://app@db1:5432/tandem';
  it('names the replica the reports read, with the pool size of the primary', () => {
    const config = loadConfig({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URL: 'postgres://app@db2:5433/tandem',
      DATABASE_POOL_SIZE: '7',
    });
    expect(config.reportReplica).toEqual({ url: 'postgres://app@db2:5433/tandem', poolSize: 7 });
    expect(loadConfig({ DATABASE_URL: primary }).reportReplica).toBeNull();
  });

  it('refuses a URL that is not PostgreSQL, and a replica without a primary, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_REPLICA_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://app@db2:5433/tandem' })).toThrow(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    );
  });
});
