// What a workspace holds, counted in one read, for its getting-started checklist.
import type { WorkspaceFootprint } from '../domain/getting-started.js';
import type { Queryable } from './db.js';

/** The workspace's settings key under which the checklist keeps what no table records. */
export const GETTING_STARTED_SETTING = 'gettingStarted';

export async function workspaceFootprint(q: Queryable, workspaceId: string): Promise<WorkspaceFootprint> {
  const rows = await q.query<{
    active_members: number;
    teams: number;
    write_keys: number;
    write_keys_used: number;
    has_events: boolean;
    activated_versions: number;
    agreement_reviewed_at: string | null;
  }>(
    `select
       (select count(*)::int from users where workspace_id = $1 and disabled_at is null) as active_members,
       (select count(*)::int from teams where workspace_id = $1) as teams,
       (select count(*)::int from api_keys where workspace_id = $1 and type = 'write' and revoked_at is null) as write_keys,
       (select count(*)::int from api_keys where workspace_id = $1 and type = 'write' and last_used_at is not null) as write_keys_used,
       exists (select 1 from events where workspace_id = $1) as has_events,
       (select count(*)::int from agreements where workspace_id = $1 and activated_at is not null) as activated_versions,
       (select settings -> '${GETTING_STARTED_SETTING}' ->> 'agreementReviewedAt' from workspaces where workspace_id = $1)
         as agreement_reviewed_at`,
    [workspaceId],
  );
  const r = rows[0]!;
  return {
    activeMembers: r.active_members,
    teams: r.teams,
    writeKeys: r.write_keys,
    writeKeysUsed: r.write_keys_used,
    hasEvents: r.has_events,
    activatedAgreementVersions: r.activated_versions,
    agreementReviewedAt: r.agreement_reviewed_at ? new Date(r.agreement_reviewed_at) : null,
  };
}
