// Sales teams: calendars (hours, holidays, time zone), reps with weights and capacity, absences.
import { type BusinessCalendar, businessCalendarSchema, defaultCalendar } from '../domain/business-hours.js';
import { AppError, notFound } from '../domain/errors.js';
import { workspaceCalendar } from '../domain/workspace-setup.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import {
  type Absence,
  type Team,
  absenceOwner,
  deleteAbsence,
  getTeam,
  insertAbsence,
  insertTeam,
  isTeamKeyTaken,
  removeTeamMember,
  updateTeam,
  upsertTeamMember,
} from '../store/teams.js';
import { getUser } from '../store/users.js';
import { getWorkspace } from '../store/workspaces.js';
import type { Deps } from './deps.js';
import type { Principal } from './principal.js';

function checkCalendar(calendar: unknown): BusinessCalendar {
  const parsed = businessCalendarSchema.safeParse(calendar);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    field: ['calendar', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('validation_failed', `calendar: ${errors[0]?.message ?? 'is not valid'}`, errors);
}

async function checkMember(
  q: Queryable,
  workspaceId: string,
  userId: string | null,
  field: string,
): Promise<void> {
  if (userId && !(await getUser(q, workspaceId, userId))) {
    throw new AppError('validation_failed', `${field}: no such member in this workspace`, [
      { field, message: 'is not a member of this workspace' },
    ]);
  }
}

export async function createTeam(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { key: string; name: string; calendar?: unknown; managerId?: string | null },
): Promise<Team> {
  return deps.db.transaction(async (tx) => {
    const workspace = await getWorkspace(tx, workspaceId);
    const calendar =
      input.calendar === undefined
        ? workspace
          ? workspaceCalendar(workspace.settings, workspace.timeZone)
          : defaultCalendar('UTC')
        : checkCalendar(input.calendar);
    await checkMember(tx, workspaceId, input.managerId ?? null, 'managerId');
    if (await isTeamKeyTaken(tx, workspaceId, input.key)) {
      throw new AppError('conflict', `A team with key "${input.key}" already exists.`, [
        { field: 'key', message: 'already taken' },
      ]);
    }
    const team = await insertTeam(tx, workspaceId, {
      key: input.key,
      name: input.name,
      calendar,
      managerId: input.managerId ?? null,
    });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'team.created',
      { type: 'team', id: team.id },
      { key: team.key },
    );
    return team;
  });
}

export async function changeTeam(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: { name?: string; calendar?: unknown; managerId?: string | null },
): Promise<Team> {
  return deps.db.transaction(async (tx) => {
    await checkMember(tx, workspaceId, input.managerId ?? null, 'managerId');
    const team = await updateTeam(tx, workspaceId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.calendar !== undefined ? { calendar: checkCalendar(input.calendar) } : {}),
      ...(input.managerId !== undefined ? { managerId: input.managerId } : {}),
    });
    if (!team) throw notFound('Team');
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'team.updated',
      { type: 'team', id },
      { fields: Object.keys(input) },
    );
    return team;
  });
}

export async function setTeamMember(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { teamId: string; userId: string; weight: number; capacity: number | null; active: boolean },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (!(await getTeam(tx, workspaceId, input.teamId))) throw notFound('Team');
    await checkMember(tx, workspaceId, input.userId, 'userId');
    await upsertTeamMember(tx, workspaceId, input);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'team.member_set',
      { type: 'team', id: input.teamId },
      { ...input },
    );
  });
}

export async function dropTeamMember(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  teamId: string,
  userId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (!(await removeTeamMember(tx, workspaceId, teamId, userId))) throw notFound('Team member');
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'team.member_removed',
      { type: 'team', id: teamId },
      { userId },
    );
  });
}

const mayManageAbsence = (p: Principal, userId: string): boolean =>
  p.role === 'admin' || p.role === 'sales_manager' || (p.kind === 'user' && p.userId === userId);

/** Out of office: a rep records their own; managers and admins record anyone's. Routing skips them. */
export async function addAbsence(
  deps: Deps,
  principal: Principal,
  actor: AuditActor,
  input: { userId: string; startsAt: Date; endsAt: Date; note: string | null },
): Promise<Absence> {
  if (!mayManageAbsence(principal, input.userId))
    throw new AppError('forbidden', 'You may only record your own time out of office.');
  if (input.endsAt <= input.startsAt) {
    throw new AppError('validation_failed', 'endsAt: must be after startsAt', [
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    await checkMember(tx, principal.workspaceId, input.userId, 'userId');
    const absence = await insertAbsence(tx, principal.workspaceId, input);
    await recordAudit(
      tx,
      principal.workspaceId,
      actor,
      'out_of_office.added',
      { type: 'user', id: input.userId },
      {
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
      },
    );
    return absence;
  });
}

export async function removeAbsence(
  deps: Deps,
  principal: Principal,
  actor: AuditActor,
  id: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const userId = await absenceOwner(tx, principal.workspaceId, id);
    if (!userId) throw notFound('Out-of-office entry');
    if (!mayManageAbsence(principal, userId))
      throw new AppError('forbidden', 'You may only remove your own time out of office.');
    await deleteAbsence(tx, principal.workspaceId, id);
    await recordAudit(tx, principal.workspaceId, actor, 'out_of_office.removed', {
      type: 'user',
      id: userId,
    });
  });
}
