// Alerts that leave the app. Notifications are the one source: this job plans, for each new one,
// the e-mail and Slack post its recipient asked for (their preferences, by role when unset), then
// sends the due ones, retrying with backoff. Planning locks the notifications FOR UPDATE SKIP LOCKED
// and a unique key allows one delivery per notification and channel; sending leases its rows and
// commits before any SMTP or HTTP call, so two nodes never send one alert twice.
import { renderAlert } from '../domain/alert-messages.js';
import {
  type AlertRecipient,
  alertRetryDelayMs,
  planAlerts,
  resolvePreferences,
} from '../domain/alert-preferences.js';
import { isMailable } from '../domain/rep-import.js';
import type { Role } from '../domain/roles.js';
import type { Deps } from '../services/deps.js';
import {
  type AlertOutcome,
  type ClaimedAlert,
  claimDueAlerts,
  claimUnplannedNotifications,
  queueAlertDeliveries,
  recordAlertOutcomes,
} from '../store/alert-deliveries.js';
import { loadAlertRecipients } from '../store/alert-preferences.js';
import { type OutboundHttp, createOutboundHttp, describeFailure } from './outbound-http.js';

/** Where links point when PUBLIC_URL is not set (serve passes its own address instead). */
export const DEFAULT_LINK_BASE = 'http://localhost:3000';
const MIN_LEASE_MS = 60_000;

export interface AlertTickOptions {
  batch?: number;
  timeoutMs?: number;
  /** Only this workspace's alerts (tests on a shared database). */
  workspaceId?: string | null;
}

/** Plans the e-mails and Slack posts of up to `batch` new notifications; returns how many it planned. */
export async function planAlertsTick(
  deps: Deps,
  { batch = 200, workspaceId = null }: AlertTickOptions = {},
): Promise<number> {
  const canEmail = deps.mailer?.enabled ?? false;
  return deps.db.transaction(async (tx) => {
    const pending = await claimUnplannedNotifications(tx, { limit: batch, workspaceId });
    if (pending.length === 0) return 0;
    const keyOf = (n: { workspaceId: string; userId: string }) => `${n.workspaceId}:${n.userId}`;
    const people = [...new Map(pending.map((n) => [keyOf(n), n])).values()];
    const rows = await loadAlertRecipients(tx, people);
    const recipients = new Map<string, AlertRecipient>(
      rows.map((r) => [
        keyOf(r),
        {
          // An imported member's placeholder address reaches no one: no e-mail is planned for it.
          email: canEmail && isMailable(r.email) ? r.email : '',
          isActive: r.isActive,
          prefs: resolvePreferences(r.role as Role, r.preferences),
          slackUrl: r.ownSlackUrl ?? r.teamSlackUrl,
        },
      ]),
    );
    const planned = planAlerts(
      pending.map((n) => ({ ...n, recipientKey: keyOf(n) })),
      recipients,
    );
    await queueAlertDeliveries(
      tx,
      pending,
      planned.map(({ notification: n, channel, target }) => ({
        workspaceId: n.workspaceId,
        notificationId: n.id,
        userId: n.userId,
        channel,
        target,
      })),
      deps.clock(),
    );
    return pending.length;
  });
}

/** Sends up to `batch` due alerts once each; returns how many it attempted. */
export async function deliverAlertsTick(
  deps: Deps & { http?: OutboundHttp },
  { batch = 20, timeoutMs = 10_000, workspaceId = null }: AlertTickOptions = {},
): Promise<number> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + Math.max(MIN_LEASE_MS, 3 * timeoutMs));
  const claimed = await deps.db.transaction((tx) =>
    claimDueAlerts(tx, { now, leaseUntil, limit: batch, workspaceId }),
  );
  if (claimed.length === 0) return 0;
  const http = deps.http ?? createOutboundHttp({ allowList: deps.webhookAllowedHosts });
  let results: { alert: ClaimedAlert; at: Date; error: string | null }[];
  try {
    results = await Promise.all(
      claimed.map(async (alert) => {
        const at = deps.clock();
        try {
          await send(deps, http, alert, timeoutMs);
          return { alert, at, error: null };
        } catch (err) {
          return { alert, at, error: describeAlertFailure(err) };
        }
      }),
    );
  } finally {
    if (!deps.http) await http.close();
  }
  const settledAt = deps.clock();
  const outcomes = results.map(({ alert, at, error }): AlertOutcome => {
    const delay = error === null ? null : alertRetryDelayMs(alert.attempt);
    return {
      workspaceId: alert.workspaceId,
      id: alert.id,
      attempt: alert.attempt,
      at,
      error,
      status: error === null ? 'sent' : delay === null ? 'failed' : 'pending',
      nextAttemptAt: delay === null ? null : new Date(settledAt.getTime() + delay),
    };
  });
  await deps.db.transaction((tx) => recordAlertOutcomes(tx, outcomes));
  for (const o of outcomes.filter((x) => x.status === 'failed')) {
    deps.log.warn({ alertDeliveryId: o.id, attempts: o.attempt, error: o.error }, 'alert delivery given up');
  }
  return claimed.length;
}

/** Plans, then sends: one worker tick. True when either found work (there may be more). */
export async function alertsTick(deps: Deps, opts: AlertTickOptions = {}): Promise<boolean> {
  const planned = await planAlertsTick(deps, opts);
  const sent = await deliverAlertsTick(deps, opts);
  return planned > 0 || sent > 0;
}

async function send(deps: Deps, http: OutboundHttp, alert: ClaimedAlert, timeoutMs: number): Promise<void> {
  const message = renderAlert(alert, alert.recipientName, deps.publicUrl ?? DEFAULT_LINK_BASE);
  if (alert.channel === 'email') {
    if (!deps.mailer?.enabled) throw new AlertRefused('e-mail is not configured (set SMTP_URL)');
    await deps.mailer.send({
      to: alert.target,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    return;
  }
  const res = await http.send(alert.target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Tandem-Alerts/1' },
    body: JSON.stringify(message.slack),
    timeoutMs,
    maxBodyBytes: 256,
  });
  if (res.status < 200 || res.status >= 300) throw new AlertRefused(`Slack answered ${res.status}`);
}

/** A refusal worth recording in its own words (a receiver's status, a missing mail server). */
class AlertRefused extends Error {}

function describeAlertFailure(err: unknown): string {
  if (err instanceof AlertRefused) return err.message;
  // nodemailer: the SMTP server's reply code (550: mailbox unavailable…), never its full text.
  const smtpCode = (err as { responseCode?: unknown } | null)?.responseCode;
  if (typeof smtpCode === 'number') return `the SMTP server answered ${smtpCode}`;
  return describeFailure(err);
}
