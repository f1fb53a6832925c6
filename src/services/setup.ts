// A company's own workspace: created from the first-run setup page (whoever reaches a fresh server
// first, as with Grafana or Metabase) or by `tandem workspace create`, the same way for both.
import { AppError } from '../domain/errors.js';
import { type BusinessHours, DEFAULT_BUSINESS_HOURS } from '../domain/workspace-setup.js';
import type { AuditActor } from '../store/audit-log.js';
import { recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { countRealWorkspaces, lockFirstRun } from '../store/workspaces.js';
import { DEMO_SLUG } from './demo-workspace.js';
import type { Deps } from './deps.js';
import { startSession } from './sessions.js';
import { type CreatedWorkspace, createWorkspaceIn } from './workspaces.js';

/** What a company workspace starts from; validated at the edge (HTTP, CLI) with src/domain/workspace-setup.ts. */
export interface CompanyWorkspace {
  slug: string;
  name: string;
  /** IANA zone of the company; the admin's own zone to begin with. */
  timeZone: string;
  businessHours?: BusinessHours;
  admin: { name: string; email: string; password: string };
}

function createCompanyWorkspaceIn(
  tx: Queryable,
  now: Date,
  actor: AuditActor,
  input: CompanyWorkspace,
): Promise<CreatedWorkspace> {
  // The default agreement (as every workspace gets one), the admin and a write key come with it.
  return createWorkspaceIn(tx, now, actor, {
    slug: input.slug,
    name: input.name,
    timeZone: input.timeZone,
    settings: { businessHours: input.businessHours ?? DEFAULT_BUSINESS_HOURS },
    admin: {
      email: input.admin.email,
      name: input.admin.name,
      role: 'admin',
      password: input.admin.password,
      timeZone: input.timeZone,
    },
  });
}

/** `tandem workspace create`: one more company workspace, beside any others. */
export function createCompanyWorkspace(
  deps: Deps,
  actor: AuditActor,
  input: CompanyWorkspace,
): Promise<CreatedWorkspace> {
  return deps.db.transaction((tx) => createCompanyWorkspaceIn(tx, deps.clock(), actor, input));
}

/** The first-run setup is open while no workspace but the demo has anyone in it. */
export async function isFirstRun(deps: Deps): Promise<boolean> {
  return (await countRealWorkspaces(deps.db, DEMO_SLUG)) === 0;
}

export interface FirstRunResult extends CreatedWorkspace {
  /** The admin's new session: the setup signs them in. */
  session: Awaited<ReturnType<typeof startSession>>;
}

/**
 * The first-run setup: creates the company's workspace and its admin, and signs the admin in. Once
 * a company workspace exists it is refused (409), and of two submissions at once exactly one wins:
 * both take the same lock, and the second then finds the first one's workspace.
 */
export async function completeFirstRun(
  deps: Deps,
  input: CompanyWorkspace,
  client: { ip: string },
  ttlMs: number,
): Promise<FirstRunResult> {
  return deps.db.transaction(async (tx) => {
    await lockFirstRun(tx);
    if ((await countRealWorkspaces(tx, DEMO_SLUG)) > 0) {
      throw new AppError('conflict', 'This Tandem is already set up: sign in to your workspace instead.');
    }
    const now = deps.clock();
    const actor: AuditActor = { type: 'system', id: null, label: 'first-run setup' };
    const created = await createCompanyWorkspaceIn(tx, now, actor, input);
    const { admin, workspace } = created;
    await recordAudit(
      tx,
      workspace.id,
      { type: 'user', id: admin.id, label: admin.email },
      'workspace.setup_completed',
      { type: 'workspace', id: workspace.id },
      { ip: client.ip, businessHours: input.businessHours ?? DEFAULT_BUSINESS_HOURS },
    );
    const session = await startSession(tx, admin, now, ttlMs);
    return { ...created, session };
  });
}
