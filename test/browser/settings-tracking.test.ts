// Settings → Tracking: the write key and snippets pointing Segment, RudderStack and curl at this server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  type SalesWorkspace,
  salesWorkspace,
  screenshot,
  signIn,
  startBrowserApp,
} from '../support/browser.js';

let app: BrowserApp;
// A workspace of its own: the curl example below really sends events, which the demo's lists must not see.
let world: SalesWorkspace;

beforeAll(async () => {
  app = await startBrowserApp();
  world = await salesWorkspace(app);
});
afterAll(async () => {
  await app?.close();
});

describe('settings: tracking', () => {
  it('shows the workspace write key and snippets that point at this server', async () => {
    const writeKey = world.ws.writeKey;
    expect(writeKey).toMatch(/^tdm_wk_/);

    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.ws.admin, '/settings/tracking');
    await page.waitForURL('**/settings/tracking');
    await page.getByTestId('write-key').waitFor();
    expect(await page.getByTestId('write-key').textContent()).toBe(writeKey);

    const segment = await page.getByTestId('snippet-segment-code').textContent();
    expect(segment).toContain(`writeKey: '${writeKey}'`);
    expect(segment).toContain(`apiHost: '${new URL(app.baseUrl).host}/v1'`);
    const rudder = await page.getByTestId('snippet-rudderstack-code').textContent();
    expect(rudder).toContain(`rudderAnalytics.load('${writeKey}', '${app.baseUrl}'`);
    const curl = (await page.getByTestId('snippet-curl-code').textContent()) ?? '';
    expect(curl).toContain(`${app.baseUrl}/v1/batch`);
    expect(curl).toContain(`-u '${writeKey}:'`);
    await screenshot(page, 'settings-tracking');

    // The curl example works as printed: same URL, Basic auth with the key, the JSON body.
    const body = /-d '([\s\S]*)'\s*$/.exec(curl.trim())?.[1] ?? '';
    const res = await fetch(`${app.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body,
    });
    expect(res.status).toBe(200);
    await app.settled();
    const leads = await fetch(`${app.baseUrl}/api/v1/leads?email=ana%40example.com`, {
      headers: { authorization: `Bearer ${await world.ws.key('admin')}` },
    });
    expect(((await leads.json()) as { data: { title: string }[] }).data[0]?.title).toBe('VP Marketing');
    expect(errors).toEqual([]);
  });

  it('is for admins only', async () => {
    const { page } = await app.newPage();
    await signIn(page, { email: 'marketing@demo.tandem.dev', path: '/settings/tracking' });
    await page.getByText('This page is not available to your role').waitFor();
  });
});
