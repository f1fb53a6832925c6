// The Overview's lead quality, pipeline and SLA compliance reports: each chart drawn (on canvas,
// under the CSP) with its table beside it, from leads, deals and clocks seeded over the last months.
// Screenshots in test/browser/screenshots (and /tmp/reports2-*.png to look at).
import { describe, expect, it } from 'vitest';
import { insertOpportunity } from '../../src/store/opportunities.js';
import { clocksOfLead, stopClocks } from '../../src/store/sla-clocks.js';
import { browserAppTest, inked, screenshot } from '../support/browser.js';
import { insertClocks, insertLead, insertTransitions, markClock } from '../support/seed-rows.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const t = browserAppTest({
  demo: false,
  seed: async (db, world) => {
    const w = world.ws.workspace.id;
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    const sources = [
      ['google', 'spring-search'],
      ['linkedin', 'abm-q2'],
      ['webinar', null],
    ] as const;
    // Thirty leads over the last three months: most qualify; sales accepts, rejects (with a reason) or wins.
    for (let i = 0; i < 30; i++) {
      const [source, campaign] = sources[i % 3]!;
      const lead = await insertLead(db, w, { source, campaign, ownerId: world.rep.id, teamId: world.teamId });
      const start = 85 - i * 2.5;
      const steps: [string, Date, string | null][] = [
        ['lead', ago(start), null],
        ['mql', ago(start - 1), null],
      ];
      if (i % 4 === 1)
        steps.push(['nurture', ago(start - 2), i % 8 === 1 ? 'not_a_fit' : 'no_budget_timing']);
      else {
        steps.push(['sal', ago(start - 2), null]);
        if (i % 3 !== 2) steps.push(['sql', ago(start - 4), null]);
        if (i % 3 === 0) steps.push(['opportunity', ago(start - 6), null]);
        if (i % 6 === 0) steps.push(['customer', ago(start - 20), null]);
      }
      await insertTransitions(
        db,
        w,
        lead,
        steps
          .filter(([, at]) => at.getTime() < now)
          .map(([to, at, reason]) => [to, at, reason, reason ? 'user' : 'system'] as const),
      );
      // A deal for every other lead (so every source has some): every sixth won, the rest open.
      if (i % 2 === 0) {
        const won = i % 6 === 0 && ago(start - 20).getTime() < now;
        const stage = won ? 'Closed Won' : ['Discovery', 'Proposal', 'Negotiation'][(i / 2) % 3]!;
        await insertOpportunity(db, w, {
          leadId: lead,
          accountId: null,
          ownerId: world.rep.id,
          name: `Deal ${i}`,
          amount: 5000 + i * 1000,
          currency: 'USD',
          stage,
          probability: { 'Closed Won': 1, Discovery: 0.1, Proposal: 0.5, Negotiation: 0.75 }[stage] ?? 0.25,
          isProbabilitySet: false,
          isClosed: won,
          isWon: won,
          source: null,
          createdAt: ago(start - 6),
          closeDate: won ? ago(start - 20) : new Date(now + (i % 4) * 7 * DAY),
          closedAt: won ? ago(start - 20) : null,
          externalId: null,
          externalSystem: null,
        });
      }
      // Every qualified lead's response clock: most met within hours, some late, a few breached and reassigned.
      const startedAt = ago(start - 1);
      await insertClocks(db, w, [
        {
          leadId: lead,
          policyId: 'mql-response',
          clock: 'response',
          stage: 'mql',
          ownerId: world.rep.id,
          teamId: world.teamId,
          startedAt,
          warnAt: new Date(startedAt.getTime() + 3 * HOUR),
          dueAt: new Date(startedAt.getTime() + 4 * HOUR),
          agreementVersion: 1,
        },
      ]);
      let clock = (await clocksOfLead(db, w, lead))[0]!;
      const answeredAfter = [1, 2, 3, 6, 2.5][i % 5]! * HOUR;
      if (answeredAfter > 3 * HOUR)
        clock = await markClock(db, clock, { warnedAt: new Date(startedAt.getTime() + 3 * HOUR) });
      if (answeredAfter > 4 * HOUR)
        clock = await markClock(db, clock, { breachedAt: new Date(startedAt.getTime() + 4 * HOUR) });
      await stopClocks(
        db,
        w,
        lead,
        {},
        {
          status: i % 10 === 9 ? 'reassigned' : 'met',
          reason: 'seeded',
          at: new Date(startedAt.getTime() + answeredAfter),
        },
      );
    }
  },
});
// Each case loads the page and waits for every chart: slow on a loaded machine.
describe('overview: lead quality, pipeline, SLA compliance', { timeout: 120_000 }, () => {
  it('draws each chart with its table beside it, with no CSP or script errors', async () => {
    const { page, errors } = await t.app.newPage();
    await t.world.signInAs(page, t.world.manager, '/overview');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    // Lead quality: thirty MQLs from three sources, eight rejected with their reasons.
    const quality = page.locator('#report-quality-table');
    await quality.locator('tr', { hasText: 'google / spring-search' }).waitFor();
    const total = await quality.locator('tr', { hasText: 'Total' }).textContent();
    expect(total).toMatch(/^Total30/);
    expect(await quality.textContent()).toContain('not a fit');

    // Pipeline: the open deals by stage and source; the summary with its forecast.
    await page.locator('#report-pipeline-stages tr', { hasText: 'Negotiation' }).waitFor();
    expect(await page.locator('#report-pipeline-sources').textContent()).toContain('linkedin');
    expect(await page.locator('#report-pipeline-table tbody tr').count()).toBe(1);

    // SLA: months with clocks and their compliance; the commitment per month beside it.
    await page.locator('#report-sla-table tbody tr').first().waitFor();
    expect(await page.locator('#report-sla-table').textContent()).toMatch(/\d+%/);
    expect(await page.locator('#report-commitment-table').textContent()).toMatch(/Under way/);

    for (const id of ['#report-quality', '#report-pipeline', '#report-sla', '#report-commitment'])
      expect(await inked(page, id), id).toBeGreaterThan(500);

    await screenshot(page, 'overview-reports');
    await page.screenshot({ path: '/tmp/reports2-overview.png', fullPage: true });
    for (const id of ['quality', 'pipeline', 'sla', 'commitment']) {
      const row = page.locator(`#report-${id}`).locator('xpath=..');
      await row.screenshot({ path: `/tmp/reports2-${id}.png` });
    }
    expect(errors).toEqual([]);
  });

  it('breaks the reports down by rep, with the rep named', async () => {
    const { page, errors } = await t.app.newPage();
    await t.world.signInAs(page, t.world.manager, '/overview?by=rep');
    const sla = page.locator('#report-sla-table');
    await sla.locator('tr', { hasText: t.world.rep.name }).first().waitFor();
    expect(await page.locator('#report-commitment-table').textContent()).toContain('All');
    await page.locator('#report-quality-table tr', { hasText: t.world.rep.name }).first().waitFor();
    await page
      .locator('#report-sla')
      .locator('xpath=..')
      .screenshot({ path: '/tmp/reports2-sla-by-rep.png' });
    expect(errors).toEqual([]);
  });
});
