// A workspace exported to JSON Lines and imported as a new one is the same workspace, row for row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../demo/load.js';
import { ensureSalesTeams } from '../demo/sales-team.js';
import type { Db } from '../store/db.js';
import { DEMO_MEMBERS } from './demo-workspace.js';
import type { Deps } from './deps.js';
import { NOT_TRANSFERRED, exportWorkspace, importWorkspace } from './workspace-transfer.js';
import { addUser } from './workspaces.js';
import { openTestWorkspace, type TestWorkspace } from '../../test/support/fixtures.js';
import { workspaceFingerprint } from '../../test/support/workspace-fingerprint.js';

const ACTOR = { type: 'system' as const, id: null, label: 'test' };

let db: Db;
let deps: Deps;
let ws: TestWorkspace;
let lines: string[];

async function* each(texts: string[]): AsyncGenerator<string> {
  for (const t of texts) yield t;
}

beforeAll(async () => {
  ({ db, deps, ws } = await openTestWorkspace());
  const workspaceId = ws.workspace.id;
  // A small demo workspace: members, teams, a year of generated history through the real services.
  await db.transaction(async (tx) => {
    for (const m of DEMO_MEMBERS)
      await addUser(tx, ACTOR, workspaceId, {
        ...m,
        email: `${ws.workspace.slug}-${m.email}`,
        password: null,
      });
  });
  await ensureSalesTeams(deps, workspaceId);
  const now = new Date();
  await loadWorkspace(deps, workspaceId, {
    scale: { leads: 60, visitorsPerLead: 0.5, months: 6, leadsPerAccount: 2 },
    seed: 7,
    now,
    answerQualifiedBefore: new Date(now.getTime() - 20 * 86_400_000),
  });
  await ws.key('admin');
  // Microseconds and JSON that a JavaScript Date or number would lose.
  await db.query(
    `update leads set updated_at = '2026-01-02 03:04:05.123456+00',
            traits = '{"big": 12345678901234567890, "nested": {"a": [1, null]}}'::jsonb
      where workspace_id = $1 and id = (select id from leads where workspace_id = $1 order by id limit 1)`,
    [workspaceId],
  );
  lines = [];
  await exportWorkspace(deps, workspaceId, async (line) => {
    lines.push(line);
  });
}, 300_000);
afterAll(() => db?.close());

describe('a workspace exported and imported', () => {
  it('is the same workspace, table for table, with a new id and slug', async () => {
    const slug = `copy-${ws.workspace.slug}`;
    const imported = await importWorkspace(deps, each(lines), slug);
    expect(imported.workspaceId).not.toBe(ws.workspace.id);
    const before = await workspaceFingerprint(db, ws.workspace.id, { ignoringWorkspaceId: true });
    const after = await workspaceFingerprint(db, imported.workspaceId, { ignoringWorkspaceId: true });
    // The live credentials stay behind (NOT_TRANSFERRED); everything else is equal.
    for (const table of Object.keys(NOT_TRANSFERRED)) {
      expect(after[table]?.rows, table).toBe(0);
      delete before[table];
      delete after[table];
    }
    expect(before.api_keys).toBeUndefined();
    expect(before.leads?.rows).toBeGreaterThan(50);
    expect(before.transitions?.rows).toBeGreaterThan(0);
    expect(before.assignments?.rows).toBeGreaterThan(0);
    expect(before.events?.rows).toBeGreaterThan(0);
    expect(after).toEqual(before);
    const [ws2] = await db.query<{ slug: string }>(`select slug from workspaces where workspace_id = $1`, [
      imported.workspaceId,
    ]);
    expect(ws2?.slug).toBe(slug);
    // The copy lives on: a new row gets a fresh identity value, not one the import took.
    await db.query(
      `insert into audit_log (workspace_id, actor_type, actor_label, action, target_type) values ($1, 'system', 't', 'test', 'x')`,
      [imported.workspaceId],
    );
  });

  it('keeps instants to the microsecond and JSON exactly', async () => {
    const imported = await importWorkspace(deps, each(lines), `micro-${ws.workspace.slug}`);
    const q = (id: string) =>
      db.query<{ at: string; traits: string }>(
        `select updated_at::text as at, traits::text as traits from leads
          where workspace_id = $1 and updated_at = '2026-01-02 03:04:05.123456+00'`,
        [id],
      );
    const [orig] = await q(ws.workspace.id);
    expect(orig?.traits).toContain('12345678901234567890');
    expect(await q(imported.workspaceId)).toEqual([orig]);
  });

  it('refuses a slug in use, a file that is not an export, and a damaged line, writing nothing', async () => {
    await expect(importWorkspace(deps, each(lines), ws.workspace.slug)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(importWorkspace(deps, each(['{"hello":1}']), 'not-export')).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'file' }],
    });
    const damaged = [...lines.slice(0, 5), '{"table":"sessions","row":{}}', ...lines.slice(5)];
    await expect(importWorkspace(deps, each(damaged), 'damaged-copy')).rejects.toMatchObject({
      errors: [{ field: 'line 6' }],
    });
    const [n] = await db.query<{ n: number }>(
      `select count(*)::int as n from workspaces where slug = 'damaged-copy'`,
    );
    expect(n?.n).toBe(0);
  });
});
