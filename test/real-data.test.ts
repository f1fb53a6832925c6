// The public datasets of ../shared/data loaded as a user loads them (each file through its preset,
// in the dataset's order) and the shared reports held against numbers computed straight from the
// raw CSV files by a different method: plain loops over the parsed rows, no SQL, no Tandem code.
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset, findDataset } from '../src/domain/import-presets.js';
import type { ReportFilters } from '../src/domain/reports.js';
import type { Deps } from '../src/services/deps.js';
import { runImport, startImport } from '../src/services/import-run.js';
import { openImport } from '../src/services/imports.js';
import { pipeline } from '../src/services/report-pipeline.js';
import { leadQuality } from '../src/services/report-quality.js';
import { listTeams } from '../src/store/teams.js';
import { listUsers } from '../src/store/users.js';
import type { AuditActor } from '../src/store/audit-log.js';
import type { Db } from '../src/store/db.js';
import { openTestDb } from './support/database.js';
import { makeWorkspace, testDeps } from './support/fixtures.js';
import { setWorkspaceCurrency } from '../src/services/workspace-currency.js';

const DATA = path.resolve('..', 'shared', 'data');
// About two minutes of imports: run on PostgreSQL (CI's second half) and on demand on the embedded
// database (TANDEM_REAL_DATA=1 npm test -- test/real-data.test.ts), so the CI run stays in budget.
const run = Boolean(process.env.DATABASE_URL || process.env.TANDEM_REAL_DATA);
const actor: AuditActor = { type: 'cli', id: null, label: 'real-data test' };
type Row = Record<string, string>;
const csv = (dir: string, file: string): Row[] =>
  parse(readFileSync(path.join(DATA, dir, file)), { columns: true, skip_empty_lines: true }) as Row[];

let db: Db;
let deps: Deps;

beforeAll(async () => {
  if (!run) return;
  // The datasets sit beside the repository (see README, "Real data"); without them this file has nothing to check.
  if (!existsSync(DATA)) throw new Error(`${DATA}: the public datasets are missing`);
  db = await openTestDb();
  deps = testDeps(db);
});
afterAll(async () => {
  await db?.close();
});

/** Loads a dataset's folder as `tandem import dataset <folder>` does; answers each file's counts. */
async function loadDataset(dir: string, workspaceId: string) {
  const folder = path.join(DATA, dir);
  const dataset = findDataset(null, readdirSync(folder));
  if (!dataset) throw new Error(`${dir}: no dataset recognised`);
  const done = [];
  for (const step of dataset.steps) {
    const file = path.join(folder, step.file);
    const opened = await openImport(
      { name: step.file, bytes: createReadStream(file), size: statSync(file).size },
      { kind: step.kind, maxErrors: 1000 + (step.knownRejected ?? 0), preset: builtInPreset(step.preset)! },
    );
    const record = await startImport(deps, workspaceId, actor, opened);
    done.push(await runImport(deps, workspaceId, actor, record, opened));
  }
  return done;
}

const everything = (from: string, to: string): ReportFilters => ({
  period: { from, to },
  where: {},
  by: null,
});

describe.runIf(run)('Olist marketing funnel', () => {
  it('MQLs and won deals by origin, and conversion by landing page, match the raw files', async () => {
    const ws = await makeWorkspace(deps);
    // Olist's deals are in Brazilian reais: the workspace reports in them (amounts are never converted).
    await setWorkspaceCurrency(deps, actor, ws.workspace.id, 'BRL');
    const done = await loadDataset('olist-marketing-funnel', ws.workspace.id);
    expect(done.map((d) => [d.status, d.counts.created, d.counts.rejected])).toEqual([
      ['done', 8000, 0],
      ['done', 842, 0],
    ]);

    // The raw files, joined by hand: an MQL per row, a won deal per closed-deals row (by mql_id).
    const mqls = csv('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
    const won = new Set(csv('olist-marketing-funnel', 'olist_closed_deals_dataset.csv').map((d) => d.mql_id));
    const raw = new Map<string, { mqls: number; won: number }>();
    const rawPage = new Map<string, { mqls: number; won: number }>();
    for (const m of mqls) {
      for (const [map, key] of [
        [raw, m.origin || null],
        [rawPage, m.landing_page_id],
      ] as const) {
        const k = String(key);
        const c = map.get(k) ?? { mqls: 0, won: 0 };
        c.mqls++;
        if (won.has(m.mql_id!)) c.won++;
        map.set(k, c);
      }
    }

    const report = await leadQuality(deps, ws.workspace.id, everything('2017-01', '2018-12'));
    const bySource = new Map<string, { mqls: number; won: number }>();
    const byPage = new Map<string, { mqls: number; won: number }>();
    for (const r of report.rows) {
      for (const [map, key] of [
        [bySource, r.source],
        [byPage, r.campaign],
      ] as const) {
        const k = String(key);
        const c = map.get(k) ?? { mqls: 0, won: 0 };
        c.mqls += r.mqls;
        c.won += r.won;
        map.set(k, c);
      }
    }
    expect(Object.fromEntries(bySource)).toEqual(Object.fromEntries(raw));
    expect(Object.fromEntries(byPage)).toEqual(Object.fromEntries(rawPage));
    // Conversion by landing page: won deals per MQL, page by page.
    const conversion = (m: Map<string, { mqls: number; won: number }>) =>
      Object.fromEntries([...m].map(([page, c]) => [page, c.won / c.mqls]));
    expect(conversion(byPage)).toEqual(conversion(rawPage));
    expect(report.total[0]).toMatchObject({ mqls: 8000, won: 842, winRate: 842 / 8000 });
    // The two busiest landing pages convert about one MQL in five (171 of 912, 174 of 883).
    expect(rawPage.get('b76ef37428e6799c421989521c0e5077')).toEqual({ mqls: 912, won: 171 });
  }, 600_000);
});

describe.runIf(run)('Maven CRM pipeline', () => {
  // Loaded once for the file's checks (the load is most of their time).
  let loaded: Promise<{
    ws: Awaited<ReturnType<typeof makeWorkspace>>;
    done: Awaited<ReturnType<typeof loadDataset>>;
  }>;
  const maven = () =>
    (loaded ??= makeWorkspace(deps).then(async (ws) => ({
      ws,
      done: await loadDataset('maven-crm-pipeline', ws.workspace.id),
    })));

  it('win rate, average deal size and the open pipeline match the raw files', async () => {
    const { ws, done } = await maven();
    const deals = csv('maven-crm-pipeline', 'sales_pipeline.csv');
    const accountless = deals.filter((d) => !d.account).length;
    const agents = csv('maven-crm-pipeline', 'sales_teams.csv');
    expect(done.map((d) => [d.status, d.counts.created, d.counts.rejected])).toEqual([
      ['done', 85, 0],
      ['done', agents.length, 0],
      ['done', deals.length - accountless, accountless],
    ]);

    const closed = deals.filter((d) => d.deal_stage === 'Won' || d.deal_stage === 'Lost');
    const wonDeals = closed.filter((d) => d.deal_stage === 'Won');
    const wonValue = wonDeals.reduce((sum, d) => sum + Number(d.close_value), 0);
    const open = deals.filter(
      (d) => d.account && (d.deal_stage === 'Engaging' || d.deal_stage === 'Prospecting'),
    );

    const report = await pipeline(deps, ws.workspace.id, everything('2016-01', '2018-12'));
    const summary = report.summary[0]!;
    expect(summary.won).toBe(wonDeals.length);
    expect(summary.lost).toBe(closed.length - wonDeals.length);
    expect(summary.winRate).toBeCloseTo(wonDeals.length / closed.length, 6);
    expect(summary.wonAmount).toBeCloseTo(wonValue, 2);
    expect(summary.averageDealSize).toBeCloseTo(wonValue / wonDeals.length, 6);
    expect(summary.open).toBe(open.length);
  }, 600_000);

  it('win rate, average deal size and cycle time by agent, product and team match the raw files', async () => {
    const { ws } = await maven();
    const deals = csv('maven-crm-pipeline', 'sales_pipeline.csv');
    const teamOf = new Map(
      csv('maven-crm-pipeline', 'sales_teams.csv').map((a) => [
        a.sales_agent!,
        `${a.manager} (${a.regional_office})`,
      ]),
    );
    // products.csv spells GTXPro "GTX Pro": the preset reads the pipeline's spelling as that one.
    const products = new Set(csv('maven-crm-pipeline', 'products.csv').map((p) => p.product!));
    const productOf = (d: Row) => (d.product === 'GTXPro' ? 'GTX Pro' : d.product!);

    type Raw = { won: number; lost: number; value: number; days: number[] };
    const raw = {
      rep: new Map<string, Raw>(),
      team: new Map<string, Raw>(),
      product: new Map<string, Raw>(),
    };
    for (const d of deals) {
      if (d.deal_stage !== 'Won' && d.deal_stage !== 'Lost') continue;
      for (const [by, key] of [
        ['rep', d.sales_agent!],
        ['team', teamOf.get(d.sales_agent!)!],
        ['product', productOf(d)],
      ] as const) {
        const r = raw[by].get(key) ?? { won: 0, lost: 0, value: 0, days: [] };
        if (d.deal_stage === 'Won') {
          r.won++;
          r.value += Number(d.close_value);
          r.days.push((Date.parse(d.close_date!) - Date.parse(d.engage_date!)) / 86_400_000);
        } else r.lost++;
        raw[by].set(key, r);
      }
    }
    expect([...raw.product.keys()].every((p) => products.has(p))).toBe(true);
    expect(raw.rep.size).toBe(30);
    expect(raw.team.size).toBe(6);
    expect(raw.product.size).toBe(7);

    // Tandem's groups are ids: named as a person reads them, with the members and teams the import made.
    const names = new Map<string, string>([
      ...(await listUsers(db, ws.workspace.id)).map((u) => [u.id, u.name] as const),
      ...(await listTeams(db, ws.workspace.id)).map((t) => [t.id, t.name] as const),
    ]);
    const median = (values: number[]) => {
      const s = [...values].sort((a, b) => a - b);
      const mid = Math.floor(s.length / 2);
      return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    };
    for (const by of ['rep', 'team', 'product'] as const) {
      const report = await pipeline(deps, ws.workspace.id, { ...everything('2016-01', '2018-12'), by });
      const seen = new Map(
        report.summary
          .filter((s) => s.won + s.lost > 0)
          .map((s) => [by === 'product' ? s.group! : names.get(s.group!)!, s]),
      );
      expect([...seen.keys()].sort(), by).toEqual([...raw[by].keys()].sort());
      for (const [key, r] of raw[by]) {
        const s = seen.get(key)!;
        const label = `${by} ${key}`;
        expect([s.won, s.lost], label).toEqual([r.won, r.lost]);
        expect(s.winRate, label).toBeCloseTo(r.won / (r.won + r.lost), 9);
        expect(s.averageDealSize, label).toBeCloseTo(r.value / r.won, 6);
        expect(s.cycleTime.count, label).toBe(r.days.length);
        expect(s.cycleTime.mean, label).toBeCloseTo(r.days.reduce((a, b) => a + b, 0) / r.days.length, 6);
        expect(s.cycleTime.median, label).toBeCloseTo(median(r.days), 6);
      }
    }

    // A filter to one product gives the breakdown's figures for it.
    const gtk = await pipeline(deps, ws.workspace.id, {
      ...everything('2016-01', '2018-12'),
      where: { product: 'GTK 500' },
    });
    expect(gtk.summary[0]).toMatchObject({ won: raw.product.get('GTK 500')!.won });
    // Imported agents have no login and take no leads from routing (capacity 0 on their team).
    const members = await listUsers(db, ws.workspace.id);
    const agent = members.find((u) => u.name === 'Anna Snelling')!;
    expect(agent).toMatchObject({ role: 'sales_rep', email: 'anna.snelling@imported.invalid' });
    expect(members.find((u) => u.name === 'Dustin Brinkmann')?.role).toBe('sales_manager');
  }, 600_000);
});
