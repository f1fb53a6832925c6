// CRM status changes arrive in batches: applied in order, each lead locked once, a fixed cost per batch.
import { describe, expect, it } from 'vitest';
import { handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { storedRows } from '../../test/support/stored-rows.js';
import { crmStatusChanges, transitions } from '../store/schema/index.js';
import { readOpportunity, createOpportunity, findOpportunities } from './opportunities.js';
import { applyCrmStatusChanges, type CrmStatusChange } from './crm-status.js';
import { setWorkspaceCurrency } from './workspace-currency.js';

const statements = { count: 0 };
const t = handoffTest({ statements });

const change = (
  lead: CrmStatusChange['lead'],
  status: string,
  object: CrmStatusChange['object'] = 'lead',
) => ({
  lead,
  system: 'salesforce' as const,
  object,
  status,
  occurredAt: null,
});

describe('applying CRM status changes', () => {
  it('applies a batch in order: a lead named twice moves on from where the first change left it', async () => {
    const world = await t.world();
    const a = await qualifiedLead(world);
    const b = await qualifiedLead(world);
    const results = await applyCrmStatusChanges(world.deps, world.ws.workspace.id, [
      change({ id: a }, 'Working - Contacted'),
      change({ id: b }, 'Made Up'),
      change({ externalId: 'nobody' }, 'Working - Contacted'),
      change({ id: a }, 'Closed Lost', 'opportunity'),
      change({ id: b }, 'Working - Contacted'),
      change({ id: b }, 'Working - Contacted'),
    ]);
    expect(results.map((r) => r.outcome)).toEqual([
      'moved',
      'unmapped',
      'lead_not_found',
      'moved',
      'moved',
      'unchanged',
    ]);
    expect(results[0]).toMatchObject({ leadId: a, from: 'mql', to: 'sal' });
    expect(results[3]).toMatchObject({ leadId: a, from: 'sal', to: 'lost' });
    const ids = results.flatMap((r) => (r.outcome === 'moved' ? [r.transitionId] : []));
    const stored = await storedRows(t.db, transitions, { workspaceId: world.ws.workspace.id, id: ids });
    expect(stored.map((t) => [t.leadId, t.toStage])).toEqual([
      [a, 'sal'],
      [a, 'lost'],
      [b, 'sal'],
    ]);
    expect(stored.map((t) => t.id)).toEqual([ids[0], ids[1], ids[2]]);
    const log = await storedRows(t.db, crmStatusChanges, { workspaceId: world.ws.workspace.id });
    expect(log.map((r) => r.outcome).sort()).toEqual(
      ['moved', 'moved', 'moved', 'unchanged', 'unmapped'].sort(),
    );
    expect(log.flatMap((r) => (r.transitionId === null ? [] : [r.transitionId])).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it('costs the same number of statements for 10 changes as for 2', async () => {
    const world = await t.world();
    const leads: string[] = [];
    for (let i = 0; i < 10; i++) leads.push(await qualifiedLead(world));
    const cost = async (ids: string[]) => {
      statements.count = 0;
      const results = await applyCrmStatusChanges(
        world.deps,
        world.ws.workspace.id,
        ids.map((id) => change({ id }, 'Working - Contacted')),
      );
      expect(results.every((r) => r.outcome === 'moved')).toBe(true);
      return statements.count;
    };
    const two = await cost(leads.slice(0, 2));
    const ten = await cost(leads.slice(2));
    expect(ten).toBe(two);
  });

  it('a status change with an amount writes the deal: a won one opens it closed, a lost one closes the open one', async () => {
    const world = await t.world();
    const ws = world.ws.workspace.id;
    const won = await qualifiedLead(world);
    // The workspace reports in euros; a deal in another currency is refused, naming the field.
    await setWorkspaceCurrency(world.deps, { type: 'cli', id: null, label: 'test' }, ws, 'EUR');
    await expect(
      applyCrmStatusChanges(world.deps, ws, [
        { ...change({ id: won }, 'Closed Won', 'opportunity'), opportunity: { amount: 1, currency: 'gbp' } },
      ]),
    ).rejects.toMatchObject({ errors: [{ field: 'currency' }] });
    const [wonResult] = await applyCrmStatusChanges(world.deps, ws, [
      {
        ...change({ id: won }, 'Closed Won', 'opportunity'),
        opportunity: {
          amount: 25_000,
          currency: 'eur',
          closeDate: new Date('2026-12-15T00:00:00Z'),
          externalId: '006W',
        },
      },
    ]);
    expect(wonResult).toMatchObject({ outcome: 'moved', to: 'customer', opportunityId: expect.any(String) });
    const deal = await readOpportunity(
      world.deps,
      ws,
      (wonResult as { opportunityId: string }).opportunityId,
    );
    expect(deal).toMatchObject({
      leadId: won,
      amount: 25_000,
      currency: 'EUR',
      stage: 'Closed Won',
      isClosed: true,
      isWon: true,
      probability: 1,
      externalId: '006W',
      externalSystem: 'salesforce',
    });
    expect(deal.closeDate?.toISOString()).toBe('2026-12-15T00:00:00.000Z');
    expect(deal.accountName).toEqual(expect.any(String));

    // The lead's open deal (opened through the API) is the one a lost status closes, with the new amount.
    const lost = await qualifiedLead(world);
    const actor = { type: 'system' as const, id: null, label: 'test' };
    const open = await createOpportunity(world.deps, actor, ws, { leadId: lost, amount: 9_000 });
    const [lostResult] = await applyCrmStatusChanges(world.deps, ws, [
      { ...change({ id: lost }, 'Closed Lost', 'opportunity'), opportunity: { amount: 8_000 } },
    ]);
    expect(lostResult).toMatchObject({
      outcome: 'moved',
      from: 'opportunity',
      to: 'lost',
      opportunityId: open.id,
    });
    const page = await findOpportunities(world.deps, ws, { leadId: lost }, { limit: 10 });
    expect(page.data.map((o) => [o.id, o.amount, o.stage, o.isClosed, o.isWon])).toEqual([
      [open.id, 8_000, 'Closed Lost', true, false],
    ]);

    // No amount and no deal: the lead moves and nothing is invented.
    const bare = await qualifiedLead(world);
    const [bareResult] = await applyCrmStatusChanges(world.deps, ws, [
      change({ id: bare }, 'Closed Won', 'opportunity'),
    ]);
    expect(bareResult).toMatchObject({ outcome: 'moved', to: 'customer' });
    expect(bareResult).not.toHaveProperty('opportunityId');
  });
});
