// Alerts leave the app: e-mail to a real SMTP server in this process, Slack to a local receiver
// (allow-listed), as each person chose, once however many workers race, retried when refused.
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultPreferences } from '../domain/alert-preferences.js';
import { parseHostAllowList } from '../domain/network-address.js';
import { readAlertSettings, saveAlertSettings } from '../services/alert-preferences.js';
import type { Deps } from '../services/deps.js';
import { emitEvents } from '../services/outbox.js';
import type { Db } from '../store/db.js';
import type { User } from '../store/users.js';
import { openTestDb } from '../../test/support/database.js';
import {
  TEST_PASSWORD,
  makeWorkspace,
  testApp,
  testDeps,
  type TestWorkspace,
} from '../../test/support/fixtures.js';
import { type TestSmtp, startTestSmtp } from '../../test/support/smtp.js';
import { type Mailer, createMailer } from './mailer.js';
import { deliverAlertsTick, planAlertsTick } from './alert-delivery.js';

const PUBLIC_URL = 'https://tandem.example.com';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let db: Db;
let deps: Deps;
let app: FastifyInstance;
let smtp: TestSmtp;
let mailer: Mailer;
let slack: Server;
let slackUrl: string;
let slackReceived: { text: string }[];
let slackAnswers: number[];
let now: Date;
let ws: TestWorkspace;

beforeAll(async () => {
  db = await openTestDb();
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Tandem <alerts@tandem.test>' });
  deps = {
    ...testDeps(db, () => now),
    mailer,
    publicUrl: PUBLIC_URL,
    webhookAllowedHosts: parseHostAllowList('127.0.0.1').list,
  };
  app = await testApp(deps);
  slack = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      slackReceived.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string });
      res.writeHead(slackAnswers.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0/B0/x`;
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  slack.closeAllConnections();
  await new Promise((resolve) => slack.close(resolve));
  await app.close();
  await db.close();
});
beforeEach(async () => {
  now = new Date();
  slackReceived = [];
  slackAnswers = [];
  ws = await makeWorkspace(deps);
});
afterEach(() => {
  smtp.received.length = 0;
});

const opts = () => ({ workspaceId: ws.workspace.id });

/** An SLA breach for `user` about a lead named Dana Lead, raised as the hand-off raises it. */
async function breach(user: User, leadId = randomUUID()) {
  await db.transaction((tx) =>
    emitEvents(tx, ws.workspace.id, [
      {
        type: 'sla.breached',
        occurredAt: now,
        data: { lead: { id: leadId, name: 'Dana Lead' } },
        notify: {
          userIds: [user.id],
          title: 'SLA breached: Dana Lead',
          body: 'first_touch was due 2 hours ago',
          leadId,
        },
      },
    ]),
  );
  return leadId;
}

async function drain() {
  await planAlertsTick(deps, opts());
  await deliverAlertsTick(deps, opts());
}

describe('alert delivery', () => {
  it('e-mails a rep their breach by default: the subject names the lead, the body links to it', async () => {
    const rep = await ws.member('sales_rep', 'rita');
    const leadId = await breach(rep);
    await drain();
    const mail = await smtp.waitFor((m) => m.to.includes(rep.email));
    expect(mail.subject).toContain('Dana Lead');
    expect(mail.text).toContain(`${PUBLIC_URL}/leads/${leadId}`);
    expect(mail.text).toContain('Hello rita,');
    expect(mail.text.replace(`${PUBLIC_URL}/leads/${leadId}`, '')).not.toMatch(UUID);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/leads/${leadId}"`);
    const settings = await readAlertSettings(deps, ws.workspace.id, rep.id);
    expect(settings.recent).toMatchObject([{ channel: 'email', status: 'sent', attempts: 1 }]);
  });

  it('posts to the person’s Slack hook when they chose Slack, and leaves e-mail out when they turned it off', async () => {
    const rep = await ws.member('sales_rep');
    const prefs = defaultPreferences('sales_rep');
    prefs.sla_breached = { inApp: true, email: false, slack: true };
    await saveAlertSettings(deps, ws.workspace.id, rep.id, { preferences: prefs, slackWebhookUrl: slackUrl });
    const leadId = await breach(rep);
    await drain();
    expect(slackReceived).toHaveLength(1);
    expect(slackReceived[0]!.text).toContain(`<${PUBLIC_URL}/leads/${leadId}|SLA breached: Dana Lead>`);
    expect(smtp.received.filter((m) => m.to.includes(rep.email))).toHaveLength(0);
    const settings = await readAlertSettings(deps, ws.workspace.id, rep.id);
    expect(settings.recent.map((d) => [d.channel, d.status])).toEqual([['slack', 'sent']]);
  });

  it('sends nothing for a kind turned off everywhere, and the app hides it from the list', async () => {
    const rep = await ws.member('sales_rep');
    const prefs = defaultPreferences('sales_rep');
    prefs.sla_breached = { inApp: false, email: false, slack: false };
    await saveAlertSettings(deps, ws.workspace.id, rep.id, { preferences: prefs, slackWebhookUrl: slackUrl });
    await breach(rep);
    await drain();
    expect(slackReceived).toHaveLength(0);
    expect(smtp.received.filter((m) => m.to.includes(rep.email))).toHaveLength(0);
    expect((await readAlertSettings(deps, ws.workspace.id, rep.id)).recent).toHaveLength(0);

    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { workspace: ws.workspace.slug, email: rep.email, password: TEST_PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'tandem_session')!.value;
    const list = await app.inject({ url: '/api/v1/notifications', cookies: { tandem_session: cookie } });
    expect(list.json()).toMatchObject({ data: [], unreadCount: 0 });
  });

  it('sends each alert once when two workers plan and send at the same time', async () => {
    const rep = await ws.member('sales_rep');
    await breach(rep);
    await breach(rep);
    const other = { ...deps };
    await Promise.all([planAlertsTick(deps, opts()), planAlertsTick(other, opts())]);
    await Promise.all([deliverAlertsTick(deps, opts()), deliverAlertsTick(other, opts())]);
    await Promise.all([drain(), drain()]);
    expect(smtp.received.filter((m) => m.to.includes(rep.email))).toHaveLength(2);
    const settings = await readAlertSettings(deps, ws.workspace.id, rep.id);
    expect(settings.recent.map((d) => d.attempts)).toEqual([1, 1]);
  });

  it('retries a refused Slack post with backoff, then records it sent', async () => {
    const rep = await ws.member('sales_rep');
    const prefs = defaultPreferences('sales_rep');
    prefs.sla_breached = { inApp: true, email: false, slack: true };
    await saveAlertSettings(deps, ws.workspace.id, rep.id, { preferences: prefs, slackWebhookUrl: slackUrl });
    slackAnswers = [500];
    await breach(rep);
    await drain();
    let [d] = (await readAlertSettings(deps, ws.workspace.id, rep.id)).recent;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Slack answered 500' });
    await deliverAlertsTick(deps, opts());
    expect(slackReceived).toHaveLength(1);
    now = new Date(now.getTime() + 31_000);
    await deliverAlertsTick(deps, opts());
    [d] = (await readAlertSettings(deps, ws.workspace.id, rep.id)).recent;
    expect(d).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(slackReceived).toHaveLength(2);
  });

  it('sends Slack alerts to the team’s channel for members without their own hook', async () => {
    const rep = await ws.member('sales_rep');
    const prefs = defaultPreferences('sales_rep');
    prefs.sla_breached = { inApp: true, email: true, slack: true };
    await saveAlertSettings(deps, ws.workspace.id, rep.id, { preferences: prefs, slackWebhookUrl: null });
    const key = await ws.key('admin');
    const auth = { authorization: `Bearer ${key}` };
    const team = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: auth,
      payload: { key: `t${randomUUID().slice(0, 6)}`, name: 'East' },
    });
    expect(team.statusCode).toBe(201);
    const teamId = team.json<{ id: string }>().id;
    await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/members/${rep.id}`,
      headers: auth,
      payload: {},
    });
    const bad = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/alert-channel`,
      headers: auth,
      payload: { slackWebhookUrl: 'https://example.com/hook' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'slackWebhookUrl' }] });
    const set = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/alert-channel`,
      headers: auth,
      payload: { slackWebhookUrl: slackUrl },
    });
    expect(set.statusCode).toBe(200);
    await breach(rep);
    await drain();
    expect(slackReceived).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes(rep.email))).toHaveLength(1);
  });
});
