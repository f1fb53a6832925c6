// Roster import (the `reps` kind): reps, their teams and the teams' managers, planned by
// src/domain/rep-import.ts. Members it creates have no password (they sign in once an admin sets
// them up) and join their team with capacity 0, so routing gives them no leads until a manager
// gives them capacity. Undo removes the members, teams and memberships it created.
import { randomUUID } from 'node:crypto';
import { matchKey } from '../../domain/import-mapping.js';
import { type RepRow, planRepImport, teamKeyOf } from '../../domain/rep-import.js';
import { workspaceCalendar } from '../../domain/workspace-setup.js';
import { recordAudit } from '../../store/audit-log.js';
import {
  addImportedTeamMembers,
  deleteImportedTeams,
  removeImportedMembers,
  removeTeamMembers,
  setTeamManagers,
  teamMembershipKeys,
} from '../../store/import-rep-writes.js';
import { insertTeam, listTeams } from '../../store/teams.js';
import { listUsers } from '../../store/users.js';
import { getWorkspace } from '../../store/workspaces.js';
import { addUser } from '../workspaces.js';
import { claim, emptyPlan, type KindChange, type KindHandler, refuse } from './handler.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export const repsHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const changes: KindChange[] = [];
    const wanted: RepRow[] = [];
    const fieldsOf = new Map(rows.map((r) => [r.row, r.fields]));
    for (const { row, fields } of rows) {
      const earlier = claim(claimed, `rep:${matchKey('reps', fields)}`, row);
      if (earlier !== null) {
        refuse(plan, ctx, row, null, fields, `is the same rep as row ${earlier}`);
        continue;
      }
      const r: RepRow = {
        row,
        name: str(fields.name)!,
        email: str(fields.email),
        team: str(fields.team),
        manager: str(fields.manager),
        office: str(fields.office),
      };
      // A team's manager across the whole file (the plan checks within its batch): one per team.
      const key = r.team ? teamKeyOf(r.team) : null;
      if (key && r.manager) {
        const first = claim(claimed, `rep-team:${key}`, row);
        if (first !== null && claimed.get(`rep-team:${key}:${r.manager.toLowerCase()}`) === undefined) {
          refuse(plan, ctx, row, 'manager', fields, `the team's manager is another one (row ${first})`);
          continue;
        }
        claim(claimed, `rep-team:${key}:${r.manager.toLowerCase()}`, row);
      }
      wanted.push(r);
    }
    const [members, teams, memberships] = await Promise.all([
      listUsers(tx, ctx.workspaceId),
      listTeams(tx, ctx.workspaceId),
      teamMembershipKeys(tx, ctx.workspaceId),
    ]);
    const planned = planRepImport(wanted, { members, teams, memberships });
    for (const r of planned.rows) {
      const fields = fieldsOf.get(r.row)!;
      if (r.outcome === 'rejected') refuse(plan, ctx, r.row, r.field, fields, r.reason);
      else if (r.outcome === 'created') plan.creates.push({ row: r.row, fields });
      else if (r.outcome === 'updated')
        plan.updates.push({ row: r.row, fields, id: r.member, changed: { team: fields.team ?? null } });
      else plan.unchanged++;
    }
    if (!write) return { plan, changes: [] };

    const ids = new Map<string, string>();
    const idOf = (ref: string) => ids.get(ref) ?? ref;
    for (const m of planned.members) {
      const user = await addUser(tx, ctx.actor, ctx.workspaceId, { ...m, password: null });
      ids.set(m.ref, user.id);
      changes.push({ entity: 'member', entityId: user.id, action: 'created', previous: null });
    }
    if (planned.teams.length > 0) {
      const workspace = await getWorkspace(tx, ctx.workspaceId);
      const calendar = workspaceCalendar(workspace?.settings ?? {}, workspace?.timeZone ?? 'UTC');
      for (const t of planned.teams) {
        const managerId = t.managerRef ? idOf(t.managerRef) : null;
        const team = await insertTeam(tx, ctx.workspaceId, { key: t.key, name: t.name, calendar, managerId });
        ids.set(t.ref, team.id);
        await recordAudit(
          tx,
          ctx.workspaceId,
          ctx.actor,
          'team.created',
          { type: 'team', id: team.id },
          { key: t.key },
        );
        changes.push({ entity: 'team', entityId: team.id, action: 'created', previous: null });
      }
    }
    await setTeamManagers(
      tx,
      ctx.workspaceId,
      planned.managers.map((m) => ({ teamId: m.teamId, managerId: idOf(m.managerRef) })),
    );
    // Keyed apart from the team itself: a team this import created may get its manager in a later batch.
    for (const m of planned.managers) {
      const previous = { teamId: m.teamId, managerId: m.previous };
      changes.push({ entity: 'team-manager', entityId: randomUUID(), action: 'updated', previous });
    }
    const pairs = planned.memberships.map((m) => ({ teamId: idOf(m.teamRef), userId: idOf(m.memberRef) }));
    await addImportedTeamMembers(tx, ctx.workspaceId, pairs);
    for (const p of pairs) {
      changes.push({ entity: 'team-member', entityId: randomUUID(), action: 'created', previous: p });
    }
    return { plan, changes };
  },

  async undo(tx, workspaceId, changes) {
    const of = (entity: KindChange['entity'], action: 'created' | 'updated') =>
      changes.filter((c) => c.entity === entity && c.action === action);
    await removeTeamMembers(
      tx,
      workspaceId,
      of('team-member', 'created').map((c) => c.previous as { teamId: string; userId: string }),
    );
    await setTeamManagers(
      tx,
      workspaceId,
      of('team-manager', 'updated').map((c) => c.previous as { teamId: string; managerId: string | null }),
    );
    await deleteImportedTeams(
      tx,
      workspaceId,
      of('team', 'created').map((c) => c.entityId),
    );
    await removeImportedMembers(
      tx,
      workspaceId,
      of('member', 'created').map((c) => c.entityId),
    );
  },
};
