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
import {
  lossyValuesOf,
  plantLossyValues,
  workspaceFingerprint,
} from '../../test/support/workspace-fingerprint.js';
import { recordAudit } from '../store/audit-log.js';
import { findWorkspaceBySlug, getWorkspace } from '../store/workspaces.js';
import { milestoneDrift } from '../../test/support/lead-milestones.js';

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
  await plantLossyValues(db, workspaceId);
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
    expect((await getWorkspace(db, imported.workspaceId))?.slug).toBe(slug);
    // The reports' rollup (not in the file) is rebuilt by the import's inserts, and was right before.
    expect(await milestoneDrift(db, ws.workspace.id)).toEqual([]);
    expect(await milestoneDrift(db, imported.workspaceId)).toEqual([]);
    // The copy lives on: a new row gets a fresh identity value, not one the import took.
    await recordAudit(db, imported.workspaceId, ACTOR, 'test', { type: 'x', id: null });
  });

  it('keeps instants to the microsecond and JSON exactly', async () => {
    const imported = await importWorkspace(deps, each(lines), `micro-${ws.workspace.slug}`);
    const [orig] = await lossyValuesOf(db, ws.workspace.id);
    expect(orig?.traits).toContain('12345678901234567890');
    expect(await lossyValuesOf(db, imported.workspaceId)).toEqual([orig]);
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
    expect(await findWorkspaceBySlug(db, 'damaged-copy')).toBeNull();
  });
});
