import { describe, expect, it } from 'vitest';
import { renderAlert, withLeadLink } from './alert-messages.js';
import {
  type AlertRecipient,
  alertRetryDelayMs,
  channelsFor,
  defaultPreferences,
  hiddenInAppTypes,
  planAlerts,
  resolvePreferences,
  slackUrlProblem,
} from './alert-preferences.js';
import {
  commitmentMissedEvent,
  judgeCommitment,
  periodContaining,
  periodToJudge,
} from './commitment-check.js';
import { NO_ALLOWED_HOSTS, parseHostAllowList } from './network-address.js';

describe('alert preferences', () => {
  it('defaults by role: reps get leads and SLA by e-mail, managers escalations and disputes, marketing misses and dispute results', () => {
    const rep = defaultPreferences('sales_rep');
    expect(['lead_assigned', 'sla_warning', 'sla_breached'].every((k) => rep[k as 'sla_warning'].email)).toBe(
      true,
    );
    expect(rep.commitment_missed.email).toBe(false);
    const manager = defaultPreferences('sales_manager');
    expect([
      manager.sla_escalated.email,
      manager.rejection_disputed.email,
      manager.sla_warning.email,
    ]).toEqual([true, true, false]);
    const marketing = defaultPreferences('marketing');
    expect([
      marketing.commitment_missed.email,
      marketing.dispute_resolved.email,
      marketing.lead_assigned.email,
    ]).toEqual([true, true, false]);
    for (const role of ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const) {
      const prefs = defaultPreferences(role);
      expect(Object.values(prefs).every((c) => c.inApp && !c.slack)).toBe(true);
    }
  });

  it('stored choices win over the defaults; kinds no longer known are ignored', () => {
    const prefs = resolvePreferences('sales_rep', {
      sla_warning: { email: false, slack: true },
      retired_kind: { email: true },
    });
    expect(prefs.sla_warning).toEqual({ inApp: true, email: false, slack: true });
    expect(prefs.sla_breached.email).toBe(true);
    expect('retired_kind' in prefs).toBe(false);
  });

  it('maps notification types to kinds; an unknown type stays in the app', () => {
    const prefs = defaultPreferences('sales_rep');
    expect(channelsFor(prefs, 'lead.reassigned')).toEqual(prefs.lead_assigned);
    expect(channelsFor(prefs, 'mention')).toEqual(prefs.mention);
    expect(channelsFor(prefs, 'something.new')).toEqual({ inApp: true, email: false, slack: false });
    prefs.lead_assigned.inApp = false;
    expect(hiddenInAppTypes(prefs).sort()).toEqual(['lead.assigned', 'lead.reassigned']);
  });

  it('plans e-mail and Slack as chosen, for active people with somewhere to send', () => {
    const prefs = defaultPreferences('sales_rep');
    prefs.sla_breached.slack = true;
    const people = new Map<string, AlertRecipient>([
      ['a', { email: 'a@x.test', isActive: true, prefs, slackUrl: 'https://hooks.slack.com/services/1' }],
      ['b', { email: 'b@x.test', isActive: false, prefs, slackUrl: null }],
      ['c', { email: '', isActive: true, prefs, slackUrl: null }],
    ]);
    const plan = planAlerts(
      [
        { recipientKey: 'a', type: 'sla.breached' },
        { recipientKey: 'a', type: 'rejection.disputed' },
        { recipientKey: 'b', type: 'sla.breached' },
        { recipientKey: 'c', type: 'sla.breached' },
      ],
      people,
    );
    expect(plan.map((p) => [p.notification.recipientKey, p.channel, p.target])).toEqual([
      ['a', 'email', 'a@x.test'],
      ['a', 'slack', 'https://hooks.slack.com/services/1'],
    ]);
  });

  it('takes Slack incoming-webhook URLs over https, or hosts the operator allow-listed', () => {
    expect(slackUrlProblem('https://hooks.slack.com/services/T/B/x', NO_ALLOWED_HOSTS)).toBeNull();
    expect(slackUrlProblem('http://hooks.slack.com/services/T/B/x', NO_ALLOWED_HOSTS)).toBe('not_https');
    expect(slackUrlProblem('https://evil.example/services/x', NO_ALLOWED_HOSTS)).toBe('not_slack_hook');
    expect(slackUrlProblem('https://hooks.slack.com/other', NO_ALLOWED_HOSTS)).toBe('not_slack_hook');
    expect(slackUrlProblem('nope', NO_ALLOWED_HOSTS)).toBe('not_a_url');
    expect(slackUrlProblem('ftp://hooks.slack.com/services/x', NO_ALLOWED_HOSTS)).toBe('not_https');
    const list = parseHostAllowList('127.0.0.1, relay.internal').list;
    expect(slackUrlProblem('http://127.0.0.1:9999/hook', list)).toBeNull();
    expect(slackUrlProblem('http://relay.internal/hook', list)).toBeNull();
    expect(slackUrlProblem('http://10.0.0.1/hook', list)).toBe('not_https');
  });

  it('retries five times, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6].map(alertRetryDelayMs)).toEqual([
      30_000,
      120_000,
      600_000,
      1_800_000,
      3_600_000,
      null,
    ]);
    expect(alertRetryDelayMs(0)).toBeNull();
  });
});

describe('alert messages', () => {
  it('names the recipient and links to the lead under the public URL', () => {
    const m = renderAlert(
      { type: 'sla.breached', title: 'SLA breached: <Dana>', body: 'due 2h ago', leadId: 'L1' },
      'Rita',
      'https://t.example.com/',
    );
    expect(m.link).toBe('https://t.example.com/leads/L1');
    expect(m.text).toContain('Hello Rita,');
    expect(m.html).toContain('SLA breached: &lt;Dana&gt;');
    expect(m.slack.text).toBe(
      '*<https://t.example.com/leads/L1|SLA breached: &lt;Dana&gt;>*\ndue 2h ago (for Rita)',
    );
    const missed = renderAlert(
      { type: 'marketing.commitment_missed', title: 't', body: 'b', leadId: null },
      'M',
      'https://t',
    );
    expect(missed.link).toBe('https://t/marketing');
  });

  it('adds lead.url to webhook payloads about a lead', () => {
    expect(withLeadLink({ lead: { id: 'L1', name: 'x' } }, 'https://t')).toEqual({
      lead: { id: 'L1', name: 'x', url: 'https://t/leads/L1' },
    });
    expect(withLeadLink({ period: 'p' }, 'https://t')).toEqual({ period: 'p' });
  });
});

describe('commitment periods', () => {
  it('bounds months and quarters by the workspace’s local midnights', () => {
    const at = new Date('2026-12-01T03:00:00Z'); // still 30 November in New York
    expect(periodContaining('month', at, 'America/New_York')).toEqual({
      name: '2026-11',
      from: new Date('2026-11-01T04:00:00Z'),
      to: new Date('2026-12-01T05:00:00Z'),
    });
    expect(periodContaining('month', at, 'UTC').name).toBe('2026-12');
    expect(periodContaining('quarter', at, 'Europe/Berlin')).toMatchObject({
      name: '2026-Q4',
      from: new Date('2026-09-30T22:00:00Z'),
    });
  });

  it('judges the last ended period, never one that began before the workspace', () => {
    const now = new Date('2026-12-01T00:05:00Z');
    expect(periodToJudge('month', now, 'UTC', new Date('2026-10-15T00:00:00Z'))?.name).toBe('2026-11');
    expect(periodToJudge('month', now, 'UTC', new Date('2026-11-15T00:00:00Z'))).toBeNull();
  });

  it('misses on volume or on the accepted share, and says by how much', () => {
    const base = { committed: 100, minAcceptanceRate: 0.6 };
    expect(judgeCommitment({ ...base, mqls: 100, accepted: 6, rejected: 4 })).toMatchObject({
      isMissed: false,
      reasons: [],
    });
    expect(judgeCommitment({ ...base, mqls: 80, accepted: 0, rejected: 0 })).toMatchObject({
      isMissed: true,
      reasons: ['mql_volume'],
      shortfall: 20,
      acceptanceRate: null,
    });
    const both = judgeCommitment({ ...base, mqls: 90, accepted: 1, rejected: 3 });
    expect(both.reasons).toEqual(['mql_volume', 'acceptance_rate']);
    const event = commitmentMissedEvent(
      { name: '2026-11', from: new Date('2026-11-01Z'), to: new Date('2026-12-01Z') },
      both,
      ['m1'],
      new Date('2026-12-01T00:05:00Z'),
    );
    expect(event).toMatchObject({
      type: 'marketing.commitment_missed',
      data: { period: { name: '2026-11' }, reasons: ['mql_volume', 'acceptance_rate'], shortfall: 10 },
      notify: { userIds: ['m1'], leadId: null },
    });
  });
});
