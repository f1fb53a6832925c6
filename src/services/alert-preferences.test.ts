// A person's alert choices as the service keeps them: read with their role's defaults filled in,
// saved whole, a Slack URL refused unless it is an incoming webhook, the in-app kinds turned off
// hidden, and a team's Slack channel set and cleared by a manager, audited by host only.
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, type AlertPreferences, defaultPreferences } from '../domain/alert-preferences.js';
import { listAudit } from '../store/audit-log.js';
import { appErrorOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import {
  hiddenNotificationTypes,
  readAlertSettings,
  saveAlertSettings,
  setTeamAlertChannel,
  teamAlertChannels,
} from './alert-preferences.js';
import { createTeam } from './teams.js';

const t = workspaceTest();
const MANAGER = { type: 'system' as const, id: null, label: 'Manager' };
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';

const everything = (inApp: boolean, email: boolean, slack: boolean): AlertPreferences =>
  Object.fromEntries(ALERT_KINDS.map((k) => [k, { inApp, email, slack }])) as AlertPreferences;

describe("a person's alert settings", () => {
  it("are their role's defaults until they choose, with nothing sent yet", async () => {
    const rep = await t.ws.member('sales_rep');
    const settings = await readAlertSettings(t.deps, t.ws.workspace.id, rep.id);
    expect(settings.preferences).toEqual(defaultPreferences('sales_rep'));
    expect(settings.defaults).toEqual(defaultPreferences('sales_rep'));
    expect(settings.preferences.lead_assigned.email).toBe(true);
    expect(settings).toMatchObject({ slackWebhookUrl: null, isEmailEnabled: false, recent: [] });
  });

  it('are saved whole and read back; the kinds turned off in the app are hidden', async () => {
    const marketer = await t.ws.member('marketing');
    const choice = { ...everything(true, false, true), mention: { inApp: false, email: true, slack: false } };
    const saved = await saveAlertSettings(t.deps, t.ws.workspace.id, marketer.id, {
      preferences: choice,
      slackWebhookUrl: SLACK,
    });
    expect(saved.preferences).toEqual(choice);
    expect(saved.slackWebhookUrl).toBe(SLACK);
    expect(await readAlertSettings(t.deps, t.ws.workspace.id, marketer.id)).toMatchObject({
      preferences: choice,
      slackWebhookUrl: SLACK,
    });
    expect(await hiddenNotificationTypes(t.db, t.ws.workspace.id, marketer.id)).toEqual(['mention']);
  });

  it('refuse a Slack URL that is not an incoming webhook, naming the field, and keep the old choice', async () => {
    const rep = await t.ws.member('sales_rep');
    for (const url of ['not a url', 'http://hooks.slack.com/services/T/B/X', 'https://example.com/hook']) {
      const refused = await appErrorOf(
        saveAlertSettings(t.deps, t.ws.workspace.id, rep.id, {
          preferences: everything(false, false, false),
          slackWebhookUrl: url,
        }),
      );
      expect(refused).toMatchObject({ code: 'validation_failed', errors: [{ field: 'slackWebhookUrl' }] });
    }
    const settings = await readAlertSettings(t.deps, t.ws.workspace.id, rep.id);
    expect(settings.preferences).toEqual(defaultPreferences('sales_rep'));
  });

  it('are refused for a person of another workspace (404), and hide nothing for them', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await appErrorOf(readAlertSettings(t.deps, t.ws.workspace.id, unknown))).code).toBe('not_found');
    expect(await hiddenNotificationTypes(t.db, t.ws.workspace.id, unknown)).toEqual([]);
  });
});

describe("a team's Slack channel", () => {
  it('is set and cleared, each audited with the host only, never the URL', async () => {
    const team = await createTeam(t.deps, MANAGER, t.ws.workspace.id, { key: 'emea', name: 'EMEA' });
    const set = await setTeamAlertChannel(t.deps, MANAGER, t.ws.workspace.id, team.id, SLACK);
    expect(set.find((c) => c.teamId === team.id)?.slackWebhookUrl).toBe(SLACK);
    const cleared = await setTeamAlertChannel(t.deps, MANAGER, t.ws.workspace.id, team.id, null);
    expect(cleared.find((c) => c.teamId === team.id)?.slackWebhookUrl).toBeNull();
    expect(await teamAlertChannels(t.deps, t.ws.workspace.id)).toEqual(cleared);

    const log = await listAudit(t.db, t.ws.workspace.id, { limit: 2, beforeId: null });
    expect(log.map((e) => e.action)).toEqual(['team.slack_channel_cleared', 'team.slack_channel_set']);
    expect(JSON.stringify(log)).not.toContain('/services/T000');
    expect(JSON.stringify(log)).toContain('hooks.slack.com');
  });

  it('is refused for an unknown team (404) and for a URL that is not a webhook (on slackWebhookUrl)', async () => {
    const unknown = await appErrorOf(
      setTeamAlertChannel(t.deps, MANAGER, t.ws.workspace.id, '00000000-0000-4000-8000-000000000000', SLACK),
    );
    expect(unknown.code).toBe('not_found');
    const team = await createTeam(t.deps, MANAGER, t.ws.workspace.id, { key: 'apac', name: 'APAC' });
    const bad = await appErrorOf(
      setTeamAlertChannel(t.deps, MANAGER, t.ws.workspace.id, team.id, 'https://example.com/hook'),
    );
    expect(bad).toMatchObject({ code: 'validation_failed', errors: [{ field: 'slackWebhookUrl' }] });
  });
});
