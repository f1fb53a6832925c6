// Changing a member: name, role, time zone, password, deactivation and reactivation. Deactivating
// ends the member's sessions at once (their keys stop with them, see api-keys.ts) and hands their
// open leads back to routing through the one hand-off path.
import { AppError } from '../domain/errors.js';
import { type MemberChange, OPEN_LEAD_STAGES, lastAdminProblem } from '../domain/members.js';
import { passwordProblem } from '../domain/password-policy.js';
import type { Role } from '../domain/roles.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { openLeadIdsOwnedBy } from '../store/leads.js';
import { revokePasswordResets } from '../store/password-resets.js';
import { deleteUserSessions } from '../store/sessions.js';
import { type User, getUser, lockActiveAdmins, lockUser, updateUser } from '../store/users.js';
import { loadActiveAgreement } from './agreements.js';
import { hashPassword } from './credentials.js';
import type { Deps } from './deps.js';
import { handOff } from './handoff.js';

export interface MemberPatch extends MemberChange {
  name?: string;
  timeZone?: string;
  /** Set by an admin: the member's sessions end (all but the admin's own when they change their own). */
  password?: string;
}

export interface ChangedMember {
  user: User;
  sessionsEnded: number;
  /** Open leads handed back to routing (deactivation only). */
  leadsRerouted: number;
}

export function assertAcceptablePassword(password: string, related: string[]): void {
  const problem = passwordProblem(password, related);
  if (problem) throw new AppError('validation_failed', `password: ${problem.message}`, [problem]);
}

/** The member's open leads, locked, back through routing: whoever routing picks now, or the queue. */
async function rerouteOpenLeads(
  tx: Queryable,
  workspaceId: string,
  member: User,
  now: Date,
): Promise<number> {
  const ids = await openLeadIdsOwnedBy(tx, workspaceId, member.id, OPEN_LEAD_STAGES);
  const stages = new Set<string>(OPEN_LEAD_STAGES);
  // Locked, then checked again: a lead reassigned in between is no longer theirs to hand back.
  const leads = (await lockEngineLeads(tx, workspaceId, ids)).filter(
    (l) => l.ownerId === member.id && stages.has(l.state.stage),
  );
  if (leads.length === 0) return 0;
  const active = await loadActiveAgreement(tx, workspaceId);
  const reason = `${member.name} was deactivated`;
  await handOff(
    tx,
    { workspaceId, active, now },
    leads.map((lead) => ({ kind: 'reroute' as const, lead, reason })),
  );
  return leads.length;
}

/**
 * Changes a member in one transaction. The workspace keeps an active admin: demoting or
 * deactivating the last one is refused (400 naming `role` or `disabled`). Each kind of change
 * writes its own audit row.
 */
export async function changeMember(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  userId: string,
  patch: MemberPatch,
  opts: { currentSessionId?: string } = {},
): Promise<ChangedMember | null> {
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    const current = await getUser(deps.db, workspaceId, userId);
    if (!current) return null;
    assertAcceptablePassword(patch.password, [current.email, patch.name ?? current.name]);
    passwordHash = await hashPassword(patch.password);
  }
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    // Gather: the admins (locked first, so two admins cannot remove each other at once), the member.
    const touchesAdmins = patch.role !== undefined || patch.disabled !== undefined;
    const admins = touchesAdmins ? await lockActiveAdmins(tx, workspaceId) : [];
    const before = await lockUser(tx, workspaceId, userId);
    if (!before) return null;
    // Decide.
    const problem = lastAdminProblem(admins, { ...before, disabled: before.disabledAt !== null }, patch);
    if (problem) throw new AppError('validation_failed', `${problem.field}: ${problem.message}`, [problem]);
    const deactivating = patch.disabled === true && before.disabledAt === null;
    const reactivating = patch.disabled === false && before.disabledAt !== null;
    const roleChanged = patch.role !== undefined && patch.role !== before.role;
    // Write.
    const user = (await updateUser(tx, workspaceId, userId, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      ...(roleChanged ? { role: patch.role as Role } : {}),
      ...(passwordHash ? { passwordHash } : {}),
      ...(deactivating || reactivating ? { disabled: deactivating } : {}),
    }))!;
    const keep = actor.type === 'user' && actor.id === userId ? (opts.currentSessionId ?? null) : null;
    let sessionsEnded = 0;
    let leadsRerouted = 0;
    const target = { type: 'user', id: userId };
    if (roleChanged) {
      await recordAudit(tx, workspaceId, actor, 'user.role_changed', target, {
        from: before.role,
        to: user.role,
      });
    }
    if (deactivating) {
      sessionsEnded = await deleteUserSessions(tx, workspaceId, userId, null);
      await revokePasswordResets(tx, workspaceId, userId, now);
      leadsRerouted = await rerouteOpenLeads(tx, workspaceId, user, now);
      await recordAudit(tx, workspaceId, actor, 'user.deactivated', target, { sessionsEnded, leadsRerouted });
    } else if (passwordHash) {
      sessionsEnded = await deleteUserSessions(tx, workspaceId, userId, keep);
      await revokePasswordResets(tx, workspaceId, userId, now);
    }
    if (reactivating) await recordAudit(tx, workspaceId, actor, 'user.reactivated', target);
    const plain = {
      ...(patch.name !== undefined && patch.name !== before.name ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined && patch.timeZone !== before.timeZone
        ? { timeZone: patch.timeZone }
        : {}),
      ...(passwordHash ? { password: 'changed', sessionsEnded } : {}),
    };
    if (Object.keys(plain).length) await recordAudit(tx, workspaceId, actor, 'user.updated', target, plain);
    return { user, sessionsEnded, leadsRerouted };
  });
}
