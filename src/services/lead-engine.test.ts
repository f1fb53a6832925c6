// The hand-off costs a fixed number of statements per batch, not a handful per newly qualified lead.
import { describe, expect, it } from 'vitest';
import { settled } from '../../test/support/fixtures.js';
import { handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { slaTick } from '../jobs/sla.js';
import { assignments, leads } from '../store/schema/index.js';

const statements = { count: 0 };
const t = handoffTest({ statements });

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

/** Statements one batch costs (accept and fold) that makes `n` new leads, each qualifying at once (a VP requesting a demo). */
async function statementsToQualify(n: number, tag: string): Promise<{ statements: number; owned: number }> {
  const world = await t.world();
  const batch = Array.from({ length: n }, (_, i) => {
    const userId = `${tag}-${i}`;
    return [
      {
        type: 'identify',
        userId,
        traits: { email: `${userId}@bigco.com`, title: 'VP Marketing', employees: 500, country: 'US' },
      },
      { type: 'track', userId, event: 'Demo Requested' },
    ];
  }).flat();
  statements.count = 0;
  const res = await world.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: basic(world.ws.writeKey),
    payload: { batch },
  });
  // Accepting answers first; the fold (scoring and the hand-off) follows: count both.
  await settled(world.app);
  const counted = statements.count;
  expect(res.statusCode).toBe(200);
  const qualified = await storedRows(t.db, leads, { workspaceId: world.ws.workspace.id, stage: 'mql' });
  return { statements: counted, owned: qualified.filter((l) => l.ownerId !== null).length };
}

describe('handing off a batch', () => {
  it('costs the same number of statements for 20 newly qualified leads as for 2', async () => {
    const two = await statementsToQualify(2, 'pair');
    const twenty = await statementsToQualify(20, 'score');
    expect(two.owned).toBe(2);
    expect(twenty.owned).toBe(20);
    console.log(`statements per batch: 2 leads → ${two.statements}, 20 leads → ${twenty.statements}`);
    expect(twenty.statements).toBe(two.statements);
  });

  it('fires, marks and escalates the SLA clocks of 10 leads in as many statements as those of 2', async () => {
    const cost = async (n: number) => {
      // Other tests' clocks fire first (far in the future), so each measured tick holds one workspace.
      const other = await t.world();
      const later = { ...other.deps, clock: () => new Date('2100-01-01T00:00:00Z') };
      while ((await slaTick(later, 1000)) > 0) {
        /* until nothing else is due */
      }
      const world = await t.world();
      for (let i = 0; i < n; i++) await qualifiedLead(world);
      // Past every clock's due time (hand-raise first touch: 2 business hours; response: 8).
      world.advance(30 * 3_600_000);
      statements.count = 0;
      const fired = await slaTick(world.deps, 1000);
      const counted = statements.count;
      const escalated = await storedCount(t.db, assignments, {
        workspaceId: world.ws.workspace.id,
        kind: 'escalation',
      });
      return { fired, counted, escalated };
    };
    const two = await cost(2);
    const ten = await cost(10);
    expect(two.fired).toBeGreaterThanOrEqual(2);
    expect(ten.escalated).toBeGreaterThanOrEqual(10);
    console.log(
      `statements per SLA tick: ${two.fired} clocks → ${two.counted}, ${ten.fired} clocks → ${ten.counted}`,
    );
    expect(ten.counted).toBe(two.counted);
  });
});
