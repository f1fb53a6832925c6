// CRM status changes arrive in batches: applied in order, each lead locked once, a fixed cost per batch.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { countingDb } from '../../test/support/fixtures.js';
import { handoffWorld, qualifiedLead } from '../../test/support/handoff.js';
import { applyCrmStatusChanges, type CrmStatusChange } from './crm-status.js';

let db: Db;
const statements = { count: 0 };
let app: FastifyInstance | null = null;

beforeAll(async () => {
  db = countingDb(await openTestDb(), statements);
});
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(async () => {
  await db.close();
});

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
    const world = await handoffWorld(db);
    app = world.app;
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
    const stored = await db.query<{ id: number; lead_id: string; to_stage: string }>(
      `select id, lead_id, to_stage from transitions where workspace_id = $1 and id = any($2::bigint[]) order by id`,
      [world.ws.workspace.id, ids],
    );
    expect(stored.map((t) => [t.lead_id, t.to_stage])).toEqual([
      [a, 'sal'],
      [a, 'lost'],
      [b, 'sal'],
    ]);
    expect(stored.map((t) => t.id)).toEqual([ids[0], ids[1], ids[2]]);
    const log = await db.query<{ outcome: string; transition_id: number | null }>(
      `select outcome, transition_id from crm_status_changes where workspace_id = $1 order by received_at, id`,
      [world.ws.workspace.id],
    );
    expect(log.map((r) => r.outcome).sort()).toEqual(
      ['moved', 'moved', 'moved', 'unchanged', 'unmapped'].sort(),
    );
    expect(log.flatMap((r) => (r.transition_id === null ? [] : [Number(r.transition_id)])).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it('costs the same number of statements for 10 changes as for 2', async () => {
    const world = await handoffWorld(db);
    app = world.app;
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
});
