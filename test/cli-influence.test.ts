// `tandem report influence` and `tandem report list`, run as an operator would: a separate process
// on the same database, printing what the API answers (--json), its CSV (--csv) or a table.
import { describe, expect, it } from 'vitest';
import { monthOf } from '../src/domain/report-months.js';
import { cliWorkspace } from './support/cli-workspace.js';
import { insertEvent, insertLead, insertTransitions } from './support/seed-rows.js';

const month = monthOf(new Date());
const { slug, tandem } = cliWorkspace({
  slugPrefix: 'cli-i',
  name: 'CLI influence test',
  // One lead this month that read /pricing, then became an MQL.
  seed: async (db, workspaceId) => {
    const lead = await insertLead(db, workspaceId, { source: 'google' });
    const now = Date.now();
    await insertTransitions(db, workspaceId, lead, [
      ['lead', new Date(now - 60_000)],
      ['mql', new Date(now)],
    ]);
    await insertEvent(db, workspaceId, {
      messageId: 'cli-1',
      leadId: lead,
      type: 'page',
      at: new Date(now - 30_000),
      properties: { path: '/pricing' },
    });
  },
});

describe('tandem report influence', { timeout: 300_000 }, () => {
  it('report list names it with what it computes', async () => {
    const { stdout } = await tandem('report', 'list');
    expect(stdout).toMatch(/^influence +Content influence: For the leads that entered in the period/m);
  });

  it('prints the JSON the API answers, the CSV, and a table', async () => {
    const json = JSON.parse(
      (await tandem('report', 'influence', '--workspace', slug, '--min-leads', '1', '--json')).stdout,
    ) as {
      report: string;
      minLeads: number;
      filters: { period: { to: string } };
      base: { leads: number }[];
      rows: {
        kind: string;
        touch: string;
        stages: { mql: { exposed: number; reached: number; lift: number } };
      }[];
    };
    expect(json).toMatchObject({ report: 'influence', minLeads: 1, filters: { period: { to: month } } });
    expect(json.base[0]!.leads).toBe(1);
    expect(json.rows).toEqual([
      expect.objectContaining({
        kind: 'page',
        touch: '/pricing',
        stages: expect.objectContaining({
          mql: expect.objectContaining({ exposed: 1, reached: 1, lift: 1 }),
        }),
      }),
    ]);
    const csv = (await tandem('report', 'influence', '--workspace', slug, '--csv')).stdout.split('\n');
    expect(csv[0]).toMatch(/^kind,touch,group,leads,reach,mql_exposed/);
    expect(csv[2]).toBe('page,/pricing,,1,1,1,1,1,,,1,0,0,,,1,0,0,,,');
    const table = (await tandem('report', 'influence', '--workspace', slug, '--by', 'source')).stdout;
    expect(table).toMatch(/^page\t\/pricing\tgoogle\t1\t/m);
  });

  it('refuses a minimum sample of none, naming the flag', async () => {
    await expect(
      tandem('report', 'influence', '--workspace', slug, '--min-leads', '0'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/--min-leads/) });
  });
});
