// Who hears of a disputed rejection: the sales managers and the person who rejected the lead, never
// the one who disputes; a lead that is not there is not_found. (The route test covers the conflicts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import { listNotifications } from '../store/notifications.js';
import type { User } from '../store/users.js';
import { bearer } from '../../test/support/fixtures.js';
import {
  type HandoffWorld,
  handoffTest,
  leadState,
  qualifiedLead,
  signedIn,
} from '../../test/support/handoff.js';
import { disputeRejection } from './dispute-rejection.js';
import type { Principal } from './principal.js';

const t = handoffTest();
let world: HandoffWorld;
let marketer: User;

beforeAll(async () => {
  world = await t.world('file');
  marketer = await world.ws.member('marketing', 'maria');
});

const as = (user: User, role: Role): Principal => ({
  kind: 'user',
  workspaceId: world.ws.workspace.id,
  userId: user.id,
  role,
  label: user.email,
  sessionId: 'test-session',
  csrfToken: 'test-csrf',
});

/** Who got a rejection.disputed notification about the lead. */
async function told(leadId: string): Promise<string[]> {
  const people = [world.manager, marketer, ...Object.values(world.reps)];
  const out: string[] = [];
  for (const p of people) {
    const { data } = await listNotifications(t.db, world.ws.workspace.id, p.id, {
      isUnreadOnly: false,
      limit: 100,
      after: null,
    });
    if (data.some((n) => n.type === 'rejection.disputed' && n.leadId === leadId)) out.push(p.name);
  }
  return out.sort();
}

/** A qualified lead rejected by its owner, signed in: returns the lead and the rep. */
async function rejectedByOwner(): Promise<{ id: string; rep: User }> {
  const id = await qualifiedLead(world);
  const { ownerId } = await leadState(world, id);
  const rep = Object.values(world.reps).find((r) => r.id === ownerId)!;
  const res = await world.app.inject({
    method: 'POST',
    url: `/api/v1/leads/${id}/reject`,
    headers: await signedIn(world, rep),
    payload: { reason: 'not_interested' },
  });
  expect(res.statusCode).toBe(200);
  return { id, rep };
}

describe('disputing a rejection', () => {
  it('tells the sales managers and the rep who rejected the lead, and no one else', async () => {
    const { id, rep } = await rejectedByOwner();
    const dispute = await disputeRejection(world.deps, as(marketer, 'marketing'), id, {
      note: 'they came back',
    });
    expect(dispute).toMatchObject({ leadId: id, rejectedTo: 'nurture', reasonCode: 'not_interested' });
    expect(await told(id)).toEqual(['manager', rep.name].sort());
  });

  it('does not tell the person who disputes', async () => {
    const { id, rep } = await rejectedByOwner();
    await disputeRejection(world.deps, as(world.manager, 'sales_manager'), id, { note: 'look again' });
    expect(await told(id)).toEqual([rep.name]);
  });

  it('a rejection made with an API key names no person: only the managers hear', async () => {
    const id = await qualifiedLead(world);
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${id}/reject`,
      headers: bearer(await world.ws.key('sales_manager')),
      payload: { reason: 'not_interested' },
    });
    expect(res.statusCode).toBe(200);
    await disputeRejection(world.deps, as(marketer, 'marketing'), id, { note: 'why?' });
    expect(await told(id)).toEqual(['manager']);
  });

  it('a lead that is not there is not_found', async () => {
    const err = await disputeRejection(
      world.deps,
      as(marketer, 'marketing'),
      '00000000-0000-4000-8000-000000000000',
      { note: 'x' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'not_found' });
  });
});
