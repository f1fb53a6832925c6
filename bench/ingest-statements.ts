// Where an ingestion batch spends its time: runs generated batches through the code behind
// /v1/batch (no HTTP) and times every SQL statement, grouped by its first words.
//
//   node --import tsx bench/ingest-statements.ts [pglite|postgres] [--events 6000] [--clients 1]
//
// PostgreSQL: a fresh database is created on --pg-url (default postgres://postgres@127.0.0.1:5432/postgres)
// and dropped afterwards. Prints ms per batch of 100 for validation, each statement, and the total.
import { parseArgs } from 'node:util';
import { SCALES } from '../src/demo/scales.js';
import { firstMessages } from './harness/message-source.js';
import { pgliteDatabase, postgresDatabase } from './harness/database.js';
import { insertRaw, rawRows } from './harness/raw-insert.js';
import { validateMessages } from '../src/domain/segment-spec.js';
import { createAppServices } from '../src/services/app-services.js';
import { silentLogger } from '../src/services/deps.js';
import { createTeam, setTeamMember } from '../src/services/teams.js';
import { addUser, createWorkspace } from '../src/services/workspaces.js';
import { type Db, type Queryable, openPglite, openPostgres } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: 'string', default: '6000' },
    clients: { type: 'string', default: '1' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const kind = positionals[0] ?? 'pglite';
if (kind !== 'pglite' && kind !== 'postgres') throw new Error('the database is pglite or postgres');
const BATCH = 100;

const target = kind === 'postgres' ? await postgresDatabase(values['pg-url'], 4) : pgliteDatabase();
const base: Db =
  target.target.kind === 'postgres'
    ? await openPostgres(target.target.url, 4)
    : await openPglite(target.target.dataDir);
await migrate(base);

const stats = new Map<string, { n: number; ms: number }>();
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);
const timed = (q: Queryable): Queryable => ({
  async query(sql, params) {
    const t = performance.now();
    try {
      return await q.query(sql, params);
    } finally {
      const s = stats.get(label(sql)) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      stats.set(label(sql), s);
    }
  },
  exec: (sql) => q.exec(sql),
});
const db: Db = {
  ...base,
  query: timed(base).query,
  transaction: (fn) => base.transaction((tx) => fn(timed(tx))),
};
const deps = { db, clock: () => new Date(), log: silentLogger };
const SYSTEM = { type: 'system' as const, id: null, label: 'ingest-statements' };

const { workspace } = await createWorkspace(deps, SYSTEM, {
  slug: 'statements',
  name: 'Statements',
  timeZone: 'UTC',
  admin: { email: 'admin@example.com', name: 'Admin', role: 'admin', password: null },
});
for (const key of ['amer', 'emea', 'apac']) {
  const team = await createTeam(deps, SYSTEM, workspace.id, { key, name: key.toUpperCase() });
  const rep = await db.transaction((tx) =>
    addUser(tx, SYSTEM, workspace.id, {
      email: `${key}@example.com`,
      name: `${key} rep`,
      role: 'sales_rep',
      password: null,
    }),
  );
  await setTeamMember(deps, SYSTEM, workspace.id, {
    teamId: team.id,
    userId: rep.id,
    weight: 1,
    capacity: null,
    active: true,
  });
}
const services = createAppServices(deps);
const messages = [
  ...firstMessages({ scale: SCALES.small, seed: 7, nowMs: Date.now() }, Number(values.events)),
];
stats.clear();

let validationMs = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(values.clients) }, async () => {
    while (next < messages.length) {
      const from = next;
      next += BATCH;
      const t = performance.now();
      const valid = validateMessages({ batch: messages.slice(from, from + BATCH) }, 'batch');
      validationMs += performance.now() - t;
      if (!valid.ok) throw new Error(`generated batch at ${from} is invalid`);
      await services.ingestBatch({
        workspaceId: workspace.id,
        messages: valid.messages,
        receivedAt: new Date(),
      });
    }
  }),
);
const total = performance.now() - started;
const batches = messages.length / BATCH;
const perBatch = (ms: number) => (ms / batches).toFixed(2).padStart(7);
console.log(
  `${kind}: ${messages.length} events in ${(total / 1000).toFixed(1)} s = ${Math.round(messages.length / (total / 1000))} ev/s; ${perBatch(total)} ms/batch`,
);
console.log(`${perBatch(validationMs)} ms/batch  validation`);
let sqlMs = 0;
for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  sqlMs += s.ms;
  console.log(`${perBatch(s.ms)} ms/batch  ${String(s.n).padStart(5)}×  ${sql}`);
}
console.log(`${perBatch(sqlMs)} ms/batch  all SQL`);
// The ceiling beside it: the same rows inserted bare into `events` (another workspace), as the
// ingestion benchmark measures it, with the same number of clients.
const { workspace: rawWorkspace } = await createWorkspace(deps, SYSTEM, {
  slug: 'statements-raw',
  name: 'Statements raw',
  timeZone: 'UTC',
  admin: { email: 'admin@raw.example.com', name: 'Admin', role: 'admin', password: null },
});
const rawMs = await insertRaw(base, rawRows(rawWorkspace.id, messages, new Date()), {
  batchSize: BATCH,
  concurrency: Number(values.clients),
  style: 'values',
});
console.log(
  `${perBatch(rawMs)} ms/batch  raw multi-row INSERT of the same rows (ratio ${(rawMs / total).toFixed(2)})`,
);
const stages = await base.query<{ stage: string; n: number }>(
  `select stage, count(*)::int as n from leads where workspace_id = $1 group by stage order by stage`,
  [workspace.id],
);
console.log(`leads by stage: ${stages.map((s) => `${s.stage} ${s.n}`).join(', ')}`);
await base.close();
await target.drop();
