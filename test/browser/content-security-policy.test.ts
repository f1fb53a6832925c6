// The built app under the server's Content-Security-Policy: every page renders without a violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signIn, startBrowserApp } from '../support/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(async () => {
  await app?.close();
});

const PAGES = [
  '/inbox',
  '/leads',
  '/accounts',
  '/team',
  '/marketing',
  '/agreement',
  '/settings/members',
  '/settings/teams',
  '/settings/tracking',
  '/settings/webhooks',
  '/settings/api-keys',
];

declare global {
  interface Window {
    cspViolations: string[];
  }
}

describe('content security policy', () => {
  it('lets every page of the app run with no inline script or style and no foreign source', async () => {
    const { page, errors } = await app.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const first = await page.goto('/sign-in');
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page);
    const violations: string[] = [];
    const visit = async (open: () => Promise<unknown>) => {
      await open();
      await page.waitForLoadState('networkidle');
      violations.push(...(await page.evaluate(() => window.cspViolations)));
    };
    for (const path of PAGES) await visit(() => page.goto(path));
    // The detail pages draw charts and timelines.
    await visit(() => page.goto('/leads'));
    await visit(() => page.locator('a[href^="/leads/"]').first().click());
    await visit(() => page.goto('/accounts'));
    await visit(() => page.locator('a[href^="/accounts/"]').first().click());
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/./);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
