// The import kinds beyond leads and accounts — opportunities, spend, CRM status changes, stage
// changes — and HubSpot's "Became a … Date" columns on leads: each creates, re-imports as a no-op,
// updates just the changed rows, dry-runs without writing, reports bad rows exactly, and undoes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { IMPORTER, importTest, importRuns } from '../../test/support/import-test.js';
import type { Deps } from './deps.js';
import { type TestWorkspace, makeWorkspace } from '../../test/support/fixtures.js';
import type { ImportMapping } from '../domain/import-mapping.js';
import { importChangesOf } from '../store/imports.js';
import { accounts, channelSpend, leads, opportunities } from '../store/schema/index.js';
import { leadTransitions } from '../store/transitions.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { milestoneDrift } from '../../test/support/lead-milestones.js';
import { undoImport } from './import-undo.js';

const t = importTest();
const actor = IMPORTER;
let db: Db;
let deps: Deps;
beforeAll(() => {
  ({ db, deps } = t);
});

const { run, dryRun, fingerprint, errorsOf } = importRuns(() => deps);

const LEADS = [
  'Email,First Name,Company,Create Date,Record ID',
  'ana@acme.example,Ana,Acme,2025-01-10,c-1',
  'bo@globex.example,Bo,Globex,2025-01-12,c-2',
].join('\n');

const leadOf = async (ws: TestWorkspace, email: string) =>
  (await storedRows(db, leads, { workspaceId: ws.workspace.id, email }))[0];

const stageOf = async (ws: TestWorkspace, email: string) => (await leadOf(ws, email))?.stage;

const transitionsOf = async (ws: TestWorkspace, email: string) =>
  leadTransitions(db, ws.workspace.id, (await leadOf(ws, email))!.id);

describe('importing spend', () => {
  const SPEND = [
    'Channel,Month,Spend,Currency',
    'google,2025-01,1200.50,USD',
    'linkedin,2025-01-15,800,',
  ].join('\n');
  const spendOf = async (ws: TestWorkspace) =>
    (await storedRows(db, channelSpend, { workspaceId: ws.workspace.id }, ['channel', 'month'])).map(
      ({ channel, month, amount }) => ({ channel, month, amount }),
    );

  it('creates, re-imports as a no-op, updates just the changed month, reports bad rows, undoes', async () => {
    const ws = await makeWorkspace(deps);
    const dry = await dryRun(ws, 'spend', SPEND);
    expect(dry.counts).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(await spendOf(ws)).toEqual([]);
    const first = await run(ws, 'spend', SPEND);
    expect(first.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(await spendOf(ws)).toEqual([
      { channel: 'google', month: '2025-01', amount: 1200.5 },
      { channel: 'linkedin', month: '2025-01', amount: 800 },
    ]);
    const before = await fingerprint(ws);
    expect((await run(ws, 'spend', SPEND)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await fingerprint(ws)).toEqual(before);
    const changed = [
      'Channel,Month,Spend,Currency',
      'google,2025-01,1300,USD',
      'linkedin,2025-01-15,800,',
      'bing,2025-13,10,USD',
      'bing,2025-02,lots,USD',
      'bing,2025-02,10,EUR',
      'google,2025-01-31,5,USD',
    ].join('\n');
    const second = await run(ws, 'spend', changed);
    expect(second.counts).toEqual({ rows: 6, created: 0, updated: 1, unchanged: 1, rejected: 4 });
    expect(await errorsOf(ws, second.id)).toEqual([
      [4, [['Month', '2025-13', 'month is not a month (YYYY-MM)']]],
      [5, [['Spend', 'lots', 'amount is not a number']]],
      [
        6,
        [
          [
            'Currency',
            'EUR',
            "currency must be the workspace's currency (USD): amounts in EUR are not converted",
          ],
        ],
      ],
      [7, [[null, null, 'is the same channel and month as row 2']]],
    ]);
    expect((await spendOf(ws))[0]!.amount).toBe(1300);
    await undoImport(deps, ws.workspace.id, actor, second.id);
    expect(await fingerprint(ws)).toEqual(before);
    await undoImport(deps, ws.workspace.id, actor, first.id);
    expect(await spendOf(ws)).toEqual([]);
  });
});

describe('importing spend per campaign', () => {
  it('maps medium and campaign columns: a row per campaign beside the channel as a whole; undone', async () => {
    const ws = await makeWorkspace(deps);
    const CSV = [
      'Channel,Month,Spend,UTM Medium,Campaign Name',
      'google,2025-01,400,cpc,spring',
      'google,2025-01,100,,',
      'google,2025-01,7,cpc,spring',
    ].join('\n');
    const first = await run(ws, 'spend', CSV);
    expect(first.counts).toMatchObject({ created: 2, rejected: 1 });
    expect(await errorsOf(ws, first.id)).toEqual([
      [4, [[null, null, 'is the same channel, medium, campaign and month as row 2']]],
    ]);
    const stored = async () =>
      (await storedRows(db, channelSpend, { workspaceId: ws.workspace.id }, ['campaign'])).map(
        ({ channel, month, medium, campaign, amount }) => ({ channel, month, medium, campaign, amount }),
      );
    expect(await stored()).toEqual([
      { channel: 'google', month: '2025-01', medium: '', campaign: '', amount: 100 },
      { channel: 'google', month: '2025-01', medium: 'cpc', campaign: 'spring', amount: 400 },
    ]);
    const again = await run(
      ws,
      'spend',
      CSV.replace('google,2025-01,400,cpc,spring', 'google,2025-01,450,cpc,spring'),
    );
    expect(again.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    await undoImport(deps, ws.workspace.id, actor, again.id);
    expect((await stored())[1]!.amount).toBe(400);
    await undoImport(deps, ws.workspace.id, actor, first.id);
    expect(await stored()).toEqual([]);
  });
});

describe('importing opportunities', () => {
  const DEALS = [
    'Deal ID,Deal Name,Account Name,Contact Email,Amount,Currency,Deal Stage,Close Date,Create Date',
    'd-1,Acme expansion,Acme,ana@acme.example,5000,USD,Proposal,2025-03-01,2025-02-01',
    'd-2,Globex deal,Globex,bo@globex.example,12000,USD,Closed Won,2025-03-10,2025-02-05',
    'd-3,Newco pilot,Newco,,900,,open,,2025-02-20',
  ].join('\n');
  const dealsOf = async (ws: TestWorkspace) =>
    (await storedRows(db, opportunities, { workspaceId: ws.workspace.id }, ['externalId'])).map(
      ({ externalId, name, amount, stage, probability }) => ({
        externalId,
        name,
        amount,
        stage,
        probability,
      }),
    );

  it("creates deals with their accounts, moves a won deal's lead, re-imports as a no-op, updates, undoes", async () => {
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', LEADS);
    const afterLeads = await fingerprint(ws);
    const dry = await dryRun(ws, 'opportunities', DEALS);
    expect(dry.counts).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await fingerprint(ws)).toEqual(afterLeads);

    const first = await run(ws, 'opportunities', DEALS);
    expect(first.counts).toMatchObject({ created: 3, rejected: 0 });
    expect(await dealsOf(ws)).toEqual([
      { externalId: 'd-1', name: 'Acme expansion', amount: 5000, stage: 'Proposal', probability: 0.5 },
      { externalId: 'd-2', name: 'Globex deal', amount: 12000, stage: 'Closed Won', probability: 1 },
      { externalId: 'd-3', name: 'Newco pilot', amount: 900, stage: 'Discovery', probability: 0.1 },
    ]);
    // Won moves the lead to customer, at the close date, through the engine.
    expect(await stageOf(ws, 'bo@globex.example')).toBe('customer');
    const bo = await transitionsOf(ws, 'bo@globex.example');
    expect(bo.at(-1)).toMatchObject({ toStage: 'customer' });
    expect(bo.at(-1)!.at.toISOString()).toBe('2025-03-10T00:00:00.000Z');
    expect(await stageOf(ws, 'ana@acme.example')).toBe('opportunity');
    expect(await storedCount(db, accounts, { workspaceId: ws.workspace.id, name: 'Newco' })).toBe(1);

    const before = await fingerprint(ws);
    expect((await run(ws, 'opportunities', DEALS)).counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await fingerprint(ws)).toEqual(before);

    const changed = [
      'Deal ID,Deal Name,Account Name,Contact Email,Amount,Currency,Deal Stage,Close Date,Create Date',
      'd-1,Acme expansion,Acme,ana@acme.example,7500,USD,Proposal,2025-03-01,2025-02-01',
      'd-2,Globex deal,Globex,bo@globex.example,12000,USD,Closed Won,2025-03-10,2025-02-05',
      'd-3,Newco pilot,Newco,,900,,open,,2025-02-20',
      'd-4,Bad amount,Acme,,12k,USD,Proposal,2025-03-01,',
      'd-5,Bad stage,Acme,,10,USD,Maybe,2025-03-01,',
      'd-6,Bad date,Acme,,10,USD,Proposal,31/02/2025,',
      'd-7,Nobody,Acme,nobody@nowhere.example,10,USD,Proposal,,',
    ].join('\n');
    const second = await run(ws, 'opportunities', changed);
    expect(second.counts).toEqual({ rows: 7, created: 0, updated: 1, unchanged: 2, rejected: 4 });
    expect(await errorsOf(ws, second.id)).toEqual([
      [5, [['Amount', '12k', 'amount is not a number']]],
      [
        6,
        [
          [
            'Deal Stage',
            'Maybe',
            'stage "Maybe" is not an opportunity stage of the agreement (Discovery, Solution Demo, Proposal, Negotiation, Closed Won, Closed Lost) nor won, lost or open',
          ],
        ],
      ],
      [7, [['Close Date', '31/02/2025', 'closeDate is not a date (ISO 8601 expected)']]],
      [8, [['Contact Email', 'nobody@nowhere.example', 'names no lead of this workspace']]],
    ]);
    expect((await dealsOf(ws))[0]!.amount).toBe(7500);
    await undoImport(deps, ws.workspace.id, actor, second.id);
    expect(await fingerprint(ws)).toEqual(before);
    await undoImport(deps, ws.workspace.id, actor, first.id);
    expect(await fingerprint(ws)).toEqual(afterLeads);
  });

  it("maps a preset's stage wording and the CRM system through the mapping options", async () => {
    const ws = await makeWorkspace(deps);
    const content = [
      'opportunity_id,account,deal_stage,close_value',
      'm-1,Acme,Engaging,0',
      'm-2,Acme,Won,100',
    ].join('\n');
    const mapping: ImportMapping = {
      fields: {
        externalId: 'opportunity_id',
        accountName: 'account',
        stage: 'deal_stage',
        amount: 'close_value',
      },
      options: { crmSystem: 'other', stages: { Engaging: 'Solution Demo' } },
    };
    const r = await run(ws, 'opportunities', content, mapping);
    expect(r.counts).toMatchObject({ created: 2, rejected: 0 });
    const rows = (await dealsOf(ws)).map(({ stage, name }) => ({ stage, name }));
    expect(rows).toEqual([
      { stage: 'Solution Demo', name: 'Acme opportunity' },
      { stage: 'Closed Won', name: 'Acme opportunity' },
    ]);
  });
});

describe('importing CRM status changes', () => {
  const STATUSES = [
    'Email,Status,Object,System,Date,Amount,Close Date,Reason',
    'ana@acme.example,Working - Contacted,lead,salesforce,2025-02-01,,,',
    'ana@acme.example,Closed Won,opportunity,salesforce,2025-03-01,4000,2025-03-01,signed',
  ].join('\n');

  it('moves leads through the CRM status path at their dates, a re-import is a no-op, undo restores', async () => {
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', LEADS);
    const before = await fingerprint(ws);
    expect((await dryRun(ws, 'crm-status', STATUSES)).counts).toMatchObject({ created: 2, rejected: 0 });
    expect(await fingerprint(ws)).toEqual(before);
    const r = await run(ws, 'crm-status', STATUSES);
    expect(r.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(await stageOf(ws, 'ana@acme.example')).toBe('customer');
    const moves = (await transitionsOf(ws, 'ana@acme.example')).map((t) => [t.toStage, t.at.toISOString()]);
    expect(moves).toEqual([
      ['lead', '2025-01-10T00:00:00.000Z'],
      ['sal', '2025-02-01T00:00:00.000Z'],
      ['customer', '2025-03-01T00:00:00.000Z'],
    ]);
    const [deal] = await storedRows(db, opportunities, { workspaceId: ws.workspace.id });
    expect(deal).toMatchObject({ amount: 4000, isWon: true });
    const after = await fingerprint(ws);
    expect((await run(ws, 'crm-status', STATUSES)).counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await fingerprint(ws)).toEqual(after);

    const bad = [
      'Email,Status,Object,System,Date',
      'bo@globex.example,Who knows,lead,salesforce,2025-02-01',
      'nobody@x.example,Working - Contacted,lead,salesforce,2025-02-01',
      'bo@globex.example,Working - Contacted,lead,salesforce,yesterday',
      'bo@globex.example,Working - Contacted,lead,sap,2025-02-01',
    ].join('\n');
    const rejected = await run(ws, 'crm-status', bad);
    expect(await errorsOf(ws, rejected.id)).toEqual([
      [2, [['Status', 'Who knows', 'the agreement maps no salesforce lead status "Who knows"']]],
      [3, [['Email', 'nobody@x.example', 'names no lead of this workspace']]],
      [4, [['Date', 'yesterday', 'at is not a date (ISO 8601 expected)']]],
      [5, [['System', 'sap', 'system must be salesforce, hubspot or other']]],
    ]);
    const kept = await importChangesOf(db, ws.workspace.id, r.id);
    expect(kept.map((k) => `${k.entity} ${k.action}`).sort()).toEqual([
      'lead-before updated',
      'opportunity created',
    ]);
    await undoImport(deps, ws.workspace.id, actor, r.id);
    expect(await fingerprint(ws)).toEqual(before);
  });
});

describe('importing stage history', () => {
  it('makes stage changes at their dates through the engine; re-import no-op; bad stage listed; undo', async () => {
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', LEADS);
    const before = await fingerprint(ws);
    const content = [
      'Email,Lifecycle Stage,Date',
      'bo@globex.example,Marketing Qualified Lead,2025-02-01',
      'bo@globex.example,sql,2025-02-15T09:30:00Z',
      'bo@globex.example,champion,2025-02-20',
      'ana@acme.example,mql,02/03/2025',
    ].join('\n');
    expect((await dryRun(ws, 'stage-changes', content)).counts).toMatchObject({ created: 2, rejected: 2 });
    expect(await fingerprint(ws)).toEqual(before);
    const r = await run(ws, 'stage-changes', content);
    expect(r.counts).toEqual({ rows: 4, created: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(await errorsOf(ws, r.id)).toEqual([
      [
        4,
        [
          [
            'Lifecycle Stage',
            'champion',
            'stage "champion" is not a lifecycle stage (lead, mql, pql, sal, sql, opportunity, customer, nurture, disqualified, lost)',
          ],
        ],
      ],
      [5, [['Date', '02/03/2025', 'at is not a date (ISO 8601 expected)']]],
    ]);
    expect(
      (await transitionsOf(ws, 'bo@globex.example')).map((t) => [t.toStage, t.at.toISOString()]),
    ).toEqual([
      ['lead', '2025-01-12T00:00:00.000Z'],
      ['mql', '2025-02-01T00:00:00.000Z'],
      ['sql', '2025-02-15T09:30:00.000Z'],
    ]);
    // The reports' rollup of first transitions follows the import, and its undo.
    expect(await milestoneDrift(db, ws.workspace.id)).toEqual([]);
    const after = await fingerprint(ws);
    expect((await run(ws, 'stage-changes', content)).counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await fingerprint(ws)).toEqual(after);
    await undoImport(deps, ws.workspace.id, actor, r.id);
    expect(await fingerprint(ws)).toEqual(before);
    expect(await milestoneDrift(db, ws.workspace.id)).toEqual([]);
  });

  it("turns a HubSpot leads export's Became-a dates into transitions at those dates, in stage order", async () => {
    const ws = await makeWorkspace(deps);
    const content = [
      'Record ID,First Name,Email,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date',
      '101,Ana,ana@acme.example,2025-01-10 08:00,2025-01-10 08:00,2025-01-20 10:00,2025-02-01 12:00,2025-02-01 12:00,',
      '102,Bo,bo@globex.example,2025-01-12 09:00,2025-01-12 09:00,,,,',
    ].join('\n');
    const r = await run(ws, 'leads', content);
    expect(r.counts).toMatchObject({ created: 2, rejected: 0 });
    expect((await transitionsOf(ws, 'ana@acme.example')).map((t) => [t.toStage, t.at.toISOString()])).toEqual(
      [
        ['lead', '2025-01-10T08:00:00.000Z'],
        ['mql', '2025-01-20T10:00:00.000Z'],
        ['sql', '2025-02-01T12:00:00.000Z'],
        ['opportunity', '2025-02-01T12:00:00.000Z'],
      ],
    );
    expect(await stageOf(ws, 'ana@acme.example')).toBe('opportunity');
    expect(await stageOf(ws, 'bo@globex.example')).toBe('lead');
    const after = await fingerprint(ws);
    expect((await run(ws, 'leads', content)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await fingerprint(ws)).toEqual(after);
  });
});
