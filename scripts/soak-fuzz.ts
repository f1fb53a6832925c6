// Soak run of the endpoint fuzzer (test/security/fuzzer.ts) on a fresh PGlite, or on DATABASE_URL:
//   node --import tsx scripts/soak-fuzz.ts --requests 10000 [--seed 7]
// Prints requests sent, the status histogram, 5xx and partial-write counts; exits 1 if either is not 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { createAppServices } from '../src/services/app-services.js';
import { silentLogger } from '../src/services/deps.js';
import { type Db, openPglite, openPostgres } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { fuzz, makeFuzzTarget } from '../test/security/fuzzer.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '10000' }, seed: { type: 'string', default: '7' } },
});
const requests = Number(values.requests);
const seed = Number(values.seed);

const config = loadConfig();
let dataDir: string | null = null;
let db: Db;
if (config.database.kind === 'postgres') {
  db = await openPostgres(config.database.url, 5);
} else {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-soak-'));
  db = await openPglite(dataDir);
}
await migrate(db);
const deps = { db, clock: () => new Date(), log: silentLogger };
const services = createAppServices(deps);
const app = await buildApp(deps, {
  services,
  bodyLimitBytes: 1024 * 1024,
  sessionTtlMs: 24 * 3600_000,
  secureCookies: false,
  // Only unexpected errors are logged: each 5xx with its cause.
  logger: { level: 'error' },
  webDist: '/nonexistent',
});
await app.ready();

const started = Date.now();
const report = await fuzz(await makeFuzzTarget(deps, app, async () => void (await services.fold.drain())), {
  requests,
  seed,
});
const seconds = (Date.now() - started) / 1000;
await app.close();
await db.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });

const say = (line: string) => process.stdout.write(`${line}\n`);
const histogram = Object.entries(report.statuses)
  .map(([status, n]) => `${status}: ${n}`)
  .join(', ');
say(`requests sent: ${report.sent} in ${seconds.toFixed(0)} s (seed ${seed}, ${config.database.kind})`);
say(`status histogram: ${histogram}`);
say(`5xx: ${report.serverErrors.length}`);
say(`4xx not problem+json: ${report.notProblemJson.length}`);
say(`partial writes: ${report.partialWrites.length}`);
for (const f of [...report.serverErrors, ...report.notProblemJson, ...report.partialWrites]) {
  say(`  ${f.status} ${f.method} ${f.url}\n    ${f.detail}`);
}
const failed = report.serverErrors.length + report.notProblemJson.length + report.partialWrites.length;
process.exit(failed > 0 ? 1 : 0);
