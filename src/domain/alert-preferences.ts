// Which alerts reach a person, and where: per kind of event, in the app, by e-mail and on Slack.
// Pure: the defaults per role, merging what a person stored over them, and which channels one
// notification goes out on.
import { type HostAllowList, isAddressAllowed, isNameAllowed, literalAddress } from './network-address.js';
import type { Role } from './roles.js';

/** The kinds of alert a person chooses about; each gathers one or more notification types. */
export const ALERT_KINDS = [
  'lead_assigned',
  'sla_warning',
  'sla_breached',
  'sla_escalated',
  'mention',
  'rejection_disputed',
  'dispute_resolved',
  'lead_rejected',
  'commitment_missed',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_CHANNELS = ['inApp', 'email', 'slack'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export type ChannelChoice = Record<AlertChannel, boolean>;
export type AlertPreferences = Record<AlertKind, ChannelChoice>;

/** Notification type (as stored in `notifications.type`) → the kind a person chooses about. */
const KIND_OF_TYPE: Readonly<Record<string, AlertKind>> = {
  'lead.assigned': 'lead_assigned',
  'lead.reassigned': 'lead_assigned',
  'sla.warning': 'sla_warning',
  'sla.breached': 'sla_breached',
  'sla.escalated': 'sla_escalated',
  mention: 'mention',
  'rejection.disputed': 'rejection_disputed',
  'dispute.resolved': 'dispute_resolved',
  'feedback.rejected': 'lead_rejected',
  'marketing.commitment_missed': 'commitment_missed',
};

export const alertKindOf = (type: string): AlertKind | null => KIND_OF_TYPE[type] ?? null;

/** The notification types of a kind (for hiding the ones a person turned off in the app). */
export const typesOfKind = (kind: AlertKind): string[] =>
  Object.entries(KIND_OF_TYPE)
    .filter(([, k]) => k === kind)
    .map(([t]) => t);

const inAppOnly: ChannelChoice = { inApp: true, email: false, slack: false };
const byEmail: ChannelChoice = { inApp: true, email: true, slack: false };

/** What reaches each role outside the app until the person chooses otherwise (in the app: everything). */
const EMAIL_BY_ROLE: Readonly<Record<Role, readonly AlertKind[]>> = {
  sales_rep: ['lead_assigned', 'sla_warning', 'sla_breached', 'sla_escalated', 'mention'],
  sales_manager: ['sla_escalated', 'rejection_disputed', 'mention', 'commitment_missed'],
  marketing: ['commitment_missed', 'dispute_resolved', 'mention'],
  admin: ['commitment_missed'],
};

export function defaultPreferences(role: Role): AlertPreferences {
  const email = new Set(EMAIL_BY_ROLE[role]);
  return Object.fromEntries(
    ALERT_KINDS.map((k) => [k, email.has(k) ? { ...byEmail } : { ...inAppOnly }]),
  ) as AlertPreferences;
}

/** A person's stored choices (possibly from an older set of kinds) over their role's defaults. */
export function resolvePreferences(
  role: Role,
  stored: Partial<Record<string, Partial<ChannelChoice>>> | null,
): AlertPreferences {
  const prefs = defaultPreferences(role);
  for (const kind of ALERT_KINDS) {
    const s = stored?.[kind];
    if (s) prefs[kind] = { ...prefs[kind], ...s };
  }
  return prefs;
}

/** Where one notification of `type` goes; a type no kind covers stays in the app only. */
export function channelsFor(prefs: AlertPreferences, type: string): ChannelChoice {
  const kind = alertKindOf(type);
  return kind ? prefs[kind] : inAppOnly;
}

/** The notification types the person turned off in the app: their list leaves them out. */
export const hiddenInAppTypes = (prefs: AlertPreferences): string[] =>
  ALERT_KINDS.filter((k) => !prefs[k].inApp).flatMap(typesOfKind);

export interface AlertRecipient {
  /** Empty when no e-mail can be sent. */
  email: string;
  isActive: boolean;
  prefs: AlertPreferences;
  /** The person's own Slack incoming webhook, else their team's; null: no Slack. */
  slackUrl: string | null;
}

export interface PendingNotification {
  /** Whose notification: the key `recipients` is looked up by. */
  recipientKey: string;
  type: string;
}

export interface PlannedAlert<N> {
  notification: N;
  channel: 'email' | 'slack';
  target: string;
}

/**
 * The e-mails and Slack posts a batch of notifications asks for: by each recipient's choices, to
 * an active person with somewhere to send. A notification asking for nothing plans nothing.
 */
export function planAlerts<N extends PendingNotification>(
  pending: readonly N[],
  recipients: ReadonlyMap<string, AlertRecipient>,
): PlannedAlert<N>[] {
  return pending.flatMap((n): PlannedAlert<N>[] => {
    const r = recipients.get(n.recipientKey);
    if (!r || !r.isActive) return [];
    const c = channelsFor(r.prefs, n.type);
    const out: PlannedAlert<N>[] = [];
    if (c.email && r.email) out.push({ notification: n, channel: 'email', target: r.email });
    if (c.slack && r.slackUrl) out.push({ notification: n, channel: 'slack', target: r.slackUrl });
    return out;
  });
}

export type SlackUrlProblem = 'not_a_url' | 'not_https' | 'not_slack_hook';

/**
 * A Slack incoming-webhook URL: https://hooks.slack.com/services/…, or (for tests and internal
 * relays) any http(s) URL whose host the operator allow-listed in WEBHOOK_ALLOWED_HOSTS.
 */
export function slackUrlProblem(url: string, allowList: HostAllowList): SlackUrlProblem | null {
  if (!URL.canParse(url)) return 'not_a_url';
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'not_https';
  const address = literalAddress(u.hostname);
  const isAllowed =
    isNameAllowed(allowList, u.hostname) || (address !== null && isAddressAllowed(allowList, address));
  if (isAllowed) return null;
  if (u.protocol !== 'https:') return 'not_https';
  if (u.hostname !== 'hooks.slack.com' || !u.pathname.startsWith('/services/')) return 'not_slack_hook';
  return null;
}

/** Alerts are timely or useless: five retries within about two hours, then the delivery fails. */
const ALERT_RETRY_MS: readonly number[] = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/** How long to wait after failed attempt number `attempt` (1-based); null: that was the last one. */
export const alertRetryDelayMs = (attempt: number): number | null =>
  Number.isInteger(attempt) && attempt >= 1 ? (ALERT_RETRY_MS[attempt - 1] ?? null) : null;
