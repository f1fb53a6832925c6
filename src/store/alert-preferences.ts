// Each person's alert choices and own Slack hook, teams' Slack hooks, and the recipients of a batch
// of notifications with everything the alert plan needs about them.
import type { Queryable } from './db.js';

export interface StoredAlertPreferences {
  preferences: Record<string, Partial<Record<string, boolean>>>;
  slackWebhookUrl: string | null;
  updatedAt: Date;
}

export async function getAlertPreferences(
  q: Queryable,
  workspaceId: string,
  userId: string,
): Promise<StoredAlertPreferences | null> {
  const rows = await q.query<StoredAlertPreferences>(
    `select preferences, slack_webhook_url as "slackWebhookUrl", updated_at as "updatedAt"
       from alert_preferences where workspace_id = $1 and user_id = $2`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}

export async function saveAlertPreferences(
  q: Queryable,
  workspaceId: string,
  userId: string,
  prefs: { preferences: Record<string, Record<string, boolean>>; slackWebhookUrl: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    `insert into alert_preferences (workspace_id, user_id, preferences, slack_webhook_url, updated_at)
     values ($1, $2, $3::jsonb, $4, $5)
     on conflict (workspace_id, user_id) do update
        set preferences = excluded.preferences, slack_webhook_url = excluded.slack_webhook_url,
            updated_at = excluded.updated_at`,
    [workspaceId, userId, JSON.stringify(prefs.preferences), prefs.slackWebhookUrl, now.toISOString()],
  );
}

export interface TeamAlertChannel {
  teamId: string;
  teamName: string;
  slackWebhookUrl: string | null;
}

/** Every team of the workspace with its Slack hook (null when none is set). */
export async function listTeamAlertChannels(q: Queryable, workspaceId: string): Promise<TeamAlertChannel[]> {
  return q.query<TeamAlertChannel>(
    `select t.id as "teamId", t.name as "teamName", c.slack_webhook_url as "slackWebhookUrl"
       from teams t left join team_alert_channels c on c.workspace_id = t.workspace_id and c.team_id = t.id
      where t.workspace_id = $1 order by t.name, t.id`,
    [workspaceId],
  );
}

/** Sets (or with null removes) a team's Slack hook; false when the team does not exist. */
export async function setTeamSlackChannel(
  q: Queryable,
  workspaceId: string,
  teamId: string,
  url: string | null,
  now: Date,
): Promise<boolean> {
  const team = await q.query(`select 1 from teams where workspace_id = $1 and id = $2`, [
    workspaceId,
    teamId,
  ]);
  if (team.length === 0) return false;
  if (url === null) {
    await q.query(`delete from team_alert_channels where workspace_id = $1 and team_id = $2`, [
      workspaceId,
      teamId,
    ]);
    return true;
  }
  await q.query(
    `insert into team_alert_channels (workspace_id, team_id, slack_webhook_url, updated_at)
     values ($1, $2, $3, $4)
     on conflict (workspace_id, team_id) do update
        set slack_webhook_url = excluded.slack_webhook_url, updated_at = excluded.updated_at`,
    [workspaceId, teamId, url, now.toISOString()],
  );
  return true;
}

export interface AlertRecipientRow {
  workspaceId: string;
  userId: string;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
  preferences: Record<string, Partial<Record<string, boolean>>> | null;
  ownSlackUrl: string | null;
  /** The Slack hook of the person's earliest team that has one. */
  teamSlackUrl: string | null;
}

/** The people named by (workspace, user) pairs, with their choices and Slack hooks: one query. */
export async function loadAlertRecipients(
  q: Queryable,
  people: readonly { workspaceId: string; userId: string }[],
): Promise<AlertRecipientRow[]> {
  if (people.length === 0) return [];
  return q.query<AlertRecipientRow>(
    `select u.workspace_id as "workspaceId", u.id as "userId", u.email, u.name, u.role,
            u.disabled_at is null as "isActive", p.preferences, p.slack_webhook_url as "ownSlackUrl",
            (select c.slack_webhook_url
               from team_members m
               join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
               join team_alert_channels c on c.workspace_id = m.workspace_id and c.team_id = m.team_id
              where m.workspace_id = u.workspace_id and m.user_id = u.id
              order by t.created_at, t.id limit 1) as "teamSlackUrl"
       from unnest($1::uuid[], $2::uuid[]) as k(workspace_id, user_id)
       join users u on u.workspace_id = k.workspace_id and u.id = k.user_id
       left join alert_preferences p on p.workspace_id = u.workspace_id and p.user_id = u.id`,
    [people.map((p) => p.workspaceId), people.map((p) => p.userId)],
  );
}
