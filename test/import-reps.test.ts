// The roster import (`reps`): Maven's sales teams through its preset, then its pipeline owned by
// those agents; members without an e-mail cannot sign in and take no leads; an existing member is
// never changed (the last admin stays one); a re-import changes nothing; undo takes it all back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPreset } from '../src/domain/import-presets.js';
import type { ImportKind } from '../src/domain/import-fields.js';
import type { Deps } from '../src/services/deps.js';
import { undoImport } from '../src/services/import-undo.js';
import { runImport, startImport } from '../src/services/import-run.js';
import { openImport } from '../src/services/imports.js';
import type { AuditActor } from '../src/store/audit-log.js';
import type { Db } from '../src/store/db.js';
import { listTeams } from '../src/store/teams.js';
import { findUserCredentials, listUsers } from '../src/store/users.js';
import { openTestDb } from './support/database.js';
import { makeWorkspace, testDeps } from './support/fixtures.js';

const actor: AuditActor = { type: 'cli', id: null, label: 'reps test' };
let db: Db;
let deps: Deps;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterAll(async () => {
  await db.close();
});

async function load(workspaceId: string, kind: ImportKind, name: string, bytes: Buffer, preset?: string) {
  async function* chunks() {
    yield bytes;
  }
  const opened = await openImport(
    { name, bytes: chunks(), size: bytes.length },
    { kind, ...(preset ? { preset: builtInPreset(preset)! } : {}) },
  );
  const record = await startImport(deps, workspaceId, actor, opened);
  return runImport(deps, workspaceId, actor, record, opened);
}
const fixture = (name: string) => readFileSync(path.resolve('test/fixtures/imports/maven', name));
const maven = (workspaceId: string, kind: ImportKind, name: string) =>
  load(workspaceId, kind, name, fixture(name), 'maven-pipeline');

const memberships = (workspaceId: string) =>
  db.query<{ name: string; team: string; capacity: number | null }>(
    `select u.name, t.name as team, m.capacity from team_members m
       join users u on u.workspace_id = m.workspace_id and u.id = m.user_id
       join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
      where m.workspace_id = $1 order by u.name`,
    [workspaceId],
  );

describe('importing a roster', () => {
  it("Maven's teams: an agent per row, a team per manager, then deals owned by the agents with their product", async () => {
    const ws = await makeWorkspace(deps);
    const id = ws.workspace.id;
    expect((await maven(id, 'accounts', 'accounts.csv')).status).toBe('done');
    const reps = await maven(id, 'reps', 'sales_teams.csv');
    expect(reps.counts).toMatchObject({ created: 7, updated: 0, rejected: 1 });

    const users = await listUsers(db, id);
    const anna = users.find((u) => u.name === 'Anna Snelling')!;
    expect(anna).toMatchObject({
      role: 'sales_rep',
      email: 'anna.snelling@imported.invalid',
      disabledAt: null,
    });
    // No password: an imported agent cannot sign in until an admin sets them up.
    expect((await findUserCredentials(db, id, anna.email))?.passwordHash).toBeNull();
    const teams = await listTeams(db, id);
    expect(teams.map((t) => [t.key, t.name, users.find((u) => u.id === t.managerId)?.name])).toEqual([
      ['cara-losch', 'Cara Losch (East)', 'Cara Losch'],
      ['celia-rouche', 'Celia Rouche (West)', 'Celia Rouche'],
      ['dustin-brinkmann', 'Dustin Brinkmann (Central)', 'Dustin Brinkmann'],
      ['melvin-marxen', 'Melvin Marxen (Central)', 'Melvin Marxen'],
      ['summer-sewald', 'Summer Sewald (West)', 'Summer Sewald'],
    ]);
    expect(users.find((u) => u.name === 'Dustin Brinkmann')?.role).toBe('sales_manager');
    // On their team with capacity 0: routing gives them no leads until a manager gives them capacity.
    const onTeams = await memberships(id);
    expect(onTeams).toHaveLength(7);
    expect(onTeams.every((m) => m.capacity === 0)).toBe(true);

    const deals = await maven(id, 'opportunities', 'sales_pipeline.csv');
    expect(deals.counts).toMatchObject({ created: 7, rejected: 3 });
    const rows = await db.query<{ external_id: string; product: string; owner: string }>(
      `select o.external_id, o.product, u.name as owner from opportunities o
         join users u on u.workspace_id = o.workspace_id and u.id = o.owner_id
        where o.workspace_id = $1 order by o.external_id`,
      [id],
    );
    expect(rows).toContainEqual({ external_id: 'Z063OYW0', product: 'GTX Pro', owner: 'Darcel Schlecht' });
    expect(rows).toContainEqual({ external_id: '4HX5G7RA', product: 'GTK 500', owner: 'Anna Snelling' });
    expect(rows).toHaveLength(7);

    // Again: nothing changes.
    const again = await maven(id, 'reps', 'sales_teams.csv');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 7, rejected: 1 });
    expect(await listUsers(db, id)).toHaveLength(users.length);

    // Undo of the first roster import: agents who own deals now are deactivated, not deleted.
    await undoImport(deps, id, actor, reps.id);
    const after = await listUsers(db, id);
    expect(after.find((u) => u.name === 'Anna Snelling')?.disabledAt).not.toBeNull();
    expect(await listTeams(db, id)).toEqual([]);
    expect(await memberships(id)).toEqual([]);
  });

  it('finds existing members by e-mail and never changes them; undo removes what it created', async () => {
    const ws = await makeWorkspace(deps);
    const id = ws.workspace.id;
    const csv = Buffer.from(
      [
        'name,email,team,manager',
        `Admin Again,${ws.admin.email},Enterprise,${ws.admin.email}`,
        'Pat Doe,pat@example.com,Enterprise,' + ws.admin.email,
        'Sam Roe,,Enterprise,Someone Else',
        'Lee Poe,,,Lone Manager',
      ].join('\n'),
    );
    const done = await load(id, 'reps', 'roster.csv', csv);
    expect(done.counts).toMatchObject({ created: 1, updated: 1, rejected: 2 });
    const users = await listUsers(db, id);
    // The admin is found by e-mail: name and role as they were (the last admin stays one).
    expect(users.find((u) => u.id === ws.admin.id)).toMatchObject({ name: 'Admin', role: 'admin' });
    expect(users.find((u) => u.email === 'pat@example.com')).toMatchObject({
      name: 'Pat Doe',
      role: 'sales_rep',
    });
    const [team] = await listTeams(db, id);
    expect(team).toMatchObject({ key: 'enterprise', name: 'Enterprise', managerId: ws.admin.id });

    await undoImport(deps, id, actor, done.id);
    expect((await listUsers(db, id)).map((u) => u.id)).toEqual([ws.admin.id]);
    expect(await listTeams(db, id)).toEqual([]);
  });
});
