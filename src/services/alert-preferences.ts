// A person's alert choices (read with their role's defaults filled in, saved whole), their recent
// e-mails and Slack posts, and teams' Slack channels (a manager's or admin's setting, audited).
import {
  ALERT_KINDS,
  type AlertPreferences,
  type SlackUrlProblem,
  defaultPreferences,
  hiddenInAppTypes,
  resolvePreferences,
  slackUrlProblem,
} from '../domain/alert-preferences.js';
import { AppError, notFound } from '../domain/errors.js';
import type { HostAllowList } from '../domain/network-address.js';
import type { Role } from '../domain/roles.js';
import { type AlertDeliveryView, recentAlertDeliveries } from '../store/alert-deliveries.js';
import {
  type TeamAlertChannel,
  getAlertPreferences,
  listTeamAlertChannels,
  saveAlertPreferences,
  setTeamSlackChannel,
} from '../store/alert-preferences.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { getUser } from '../store/users.js';
import type { Deps } from './deps.js';

export interface AlertSettings {
  preferences: AlertPreferences;
  defaults: AlertPreferences;
  slackWebhookUrl: string | null;
  /** Whether this server can send e-mail at all (SMTP_URL set). */
  isEmailEnabled: boolean;
  recent: AlertDeliveryView[];
}

const SLACK_PROBLEMS: Record<SlackUrlProblem, string> = {
  not_a_url: 'must be a URL',
  not_https: 'must be an https:// URL',
  not_slack_hook: 'must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…)',
};

/** Refuses a Slack URL that is not an incoming webhook (or allow-listed), naming the field. */
export function checkSlackUrl(url: string | null, allowList: HostAllowList | undefined, field: string): void {
  if (url === null) return;
  const problem = slackUrlProblem(url, allowList ?? { names: [], ranges: [] });
  if (problem) {
    throw new AppError('validation_failed', `${field}: ${SLACK_PROBLEMS[problem]}`, [
      { field, message: SLACK_PROBLEMS[problem] },
    ]);
  }
}

async function roleOf(q: Queryable, workspaceId: string, userId: string): Promise<Role> {
  const user = await getUser(q, workspaceId, userId);
  if (!user) throw notFound('User');
  return user.role;
}

export async function readAlertSettings(
  deps: Deps,
  workspaceId: string,
  userId: string,
): Promise<AlertSettings> {
  return deps.db.transaction(async (tx) => {
    const role = await roleOf(tx, workspaceId, userId);
    const stored = await getAlertPreferences(tx, workspaceId, userId);
    return {
      preferences: resolvePreferences(role, stored?.preferences ?? null),
      defaults: defaultPreferences(role),
      slackWebhookUrl: stored?.slackWebhookUrl ?? null,
      isEmailEnabled: deps.mailer?.enabled ?? false,
      recent: await recentAlertDeliveries(tx, workspaceId, userId, 10),
    };
  });
}

/** Saves the person's choices: every kind, every channel, as sent. */
export async function saveAlertSettings(
  deps: Deps,
  workspaceId: string,
  userId: string,
  input: { preferences: AlertPreferences; slackWebhookUrl: string | null },
): Promise<AlertSettings> {
  checkSlackUrl(input.slackWebhookUrl, deps.webhookAllowedHosts, 'slackWebhookUrl');
  const preferences = Object.fromEntries(ALERT_KINDS.map((k) => [k, { ...input.preferences[k] }]));
  await deps.db.transaction(async (tx) => {
    await roleOf(tx, workspaceId, userId);
    await saveAlertPreferences(
      tx,
      workspaceId,
      userId,
      { preferences, slackWebhookUrl: input.slackWebhookUrl },
      deps.clock(),
    );
  });
  return readAlertSettings(deps, workspaceId, userId);
}

/** The notification types the person turned off in the app. */
export async function hiddenNotificationTypes(
  q: Queryable,
  workspaceId: string,
  userId: string,
): Promise<string[]> {
  const user = await getUser(q, workspaceId, userId);
  if (!user) return [];
  const stored = await getAlertPreferences(q, workspaceId, userId);
  return hiddenInAppTypes(resolvePreferences(user.role, stored?.preferences ?? null));
}

export const teamAlertChannels = (deps: Deps, workspaceId: string): Promise<TeamAlertChannel[]> =>
  listTeamAlertChannels(deps.db, workspaceId);

/** Sets or clears a team's Slack channel; audited as `team.slack_channel_set` / `…_cleared`. */
export async function setTeamAlertChannel(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  teamId: string,
  url: string | null,
): Promise<TeamAlertChannel[]> {
  checkSlackUrl(url, deps.webhookAllowedHosts, 'slackWebhookUrl');
  await deps.db.transaction(async (tx) => {
    if (!(await setTeamSlackChannel(tx, workspaceId, teamId, url, deps.clock()))) throw notFound('Team');
    // The URL is a credential of sorts (anyone holding it can post): the log says only its host.
    await recordAudit(
      tx,
      workspaceId,
      actor,
      url ? 'team.slack_channel_set' : 'team.slack_channel_cleared',
      { type: 'team', id: teamId },
      url ? { host: new URL(url).host } : {},
    );
  });
  return listTeamAlertChannels(deps.db, workspaceId);
}
