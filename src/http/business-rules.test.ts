// The business rules behind the permission table, over every route that reaches each effect: an owner
// change (create, update, /assign), an acceptance (/accept, /stage sal) and a rejection (/reject,
// /stage nurture|disqualified), for each role, signed in and through an API key. A refusal is a 403
// that changes nothing: owner, stage, transitions, assignments and SLA clocks stay as they were.
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../test/support/fixtures.js';
import {
  type HandoffWorld,
  handoffTest,
  leadState,
  qualifiedLead,
  signedIn,
} from '../../test/support/handoff.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { leadAssignments } from '../store/assignments.js';
import { getLead } from '../store/leads.js';
import { leads, notifications } from '../store/schema/index.js';
import { runningClocksOfLeads } from '../store/sla-clocks.js';
import { leadTransitions } from '../store/transitions.js';

const t = handoffTest();
let world: HandoffWorld;
let sessions: Record<string, Record<string, string>>;
let keys: Record<string, Record<string, string>>;

beforeAll(async () => {
  world = await t.world('file');
  const marketing = await world.ws.member('marketing', 'mkt');
  sessions = {
    admin: await signedIn(world, world.ws.admin),
    marketing: await signedIn(world, marketing),
    sales_manager: await signedIn(world, world.manager),
  };
  for (const [name, rep] of Object.entries(world.reps)) sessions[name] = await signedIn(world, rep);
  keys = {};
  for (const role of ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const)
    keys[role] = bearer(await world.ws.key(role));
});

type Who = 'admin' | 'marketing' | 'sales_manager' | 'rep_owner' | 'rep_other' | 'rep_key';
type Effect = 'owner' | 'accept' | 'reject';

interface Caller {
  who: Who;
  via: 'session' | 'api_key';
}

const CALLERS: Caller[] = [
  ...(['admin', 'marketing', 'sales_manager', 'rep_owner', 'rep_other'] as const).map((who) => ({
    who,
    via: 'session' as const,
  })),
  // A key has a role but no user: a sales_rep key is never the lead's owner.
  ...(['admin', 'marketing', 'sales_manager', 'rep_key'] as const).map((who) => ({
    who,
    via: 'api_key' as const,
  })),
];

/** The rule: managers change owners; managers and the lead's owner accept and reject. */
function isAllowed(effect: Effect, who: Who): boolean {
  if (who === 'admin' || who === 'sales_manager') return true;
  return effect !== 'owner' && who === 'rep_owner';
}

interface Ctx {
  leadId: string;
  ownerId: string;
  target: string;
  email: string;
}

interface Way {
  effect: Effect;
  name: string;
  request(ctx: Ctx): { method: 'POST' | 'PATCH'; url: string; payload: Record<string, unknown> };
}

const WAYS: Way[] = [
  {
    effect: 'owner',
    name: 'POST /leads with ownerId',
    request: (c) => ({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { email: c.email, ownerId: c.target },
    }),
  },
  {
    effect: 'owner',
    name: 'PATCH /leads/{id} with ownerId',
    request: (c) => ({ method: 'PATCH', url: `/api/v1/leads/${c.leadId}`, payload: { ownerId: c.target } }),
  },
  {
    effect: 'owner',
    name: 'POST /leads/{id}/assign',
    request: (c) => ({
      method: 'POST',
      url: `/api/v1/leads/${c.leadId}/assign`,
      payload: { ownerId: c.target, reason: 'covering' },
    }),
  },
  {
    effect: 'accept',
    name: 'POST /leads/{id}/accept',
    request: (c) => ({ method: 'POST', url: `/api/v1/leads/${c.leadId}/accept`, payload: {} }),
  },
  {
    effect: 'accept',
    name: 'POST /leads/{id}/stage sal',
    request: (c) => ({
      method: 'POST',
      url: `/api/v1/leads/${c.leadId}/stage`,
      payload: { to: 'sal', reason: 'called, real project' },
    }),
  },
  {
    effect: 'reject',
    name: 'POST /leads/{id}/reject',
    request: (c) => ({
      method: 'POST',
      url: `/api/v1/leads/${c.leadId}/reject`,
      payload: { reason: 'not_interested' },
    }),
  },
  {
    effect: 'reject',
    name: 'POST /leads/{id}/stage nurture',
    request: (c) => ({
      method: 'POST',
      url: `/api/v1/leads/${c.leadId}/stage`,
      payload: { to: 'nurture', reason: 'no project this year', reasonCode: 'not_interested' },
    }),
  },
  {
    effect: 'reject',
    name: 'POST /leads/{id}/stage disqualified',
    request: (c) => ({
      method: 'POST',
      url: `/api/v1/leads/${c.leadId}/stage`,
      payload: { to: 'disqualified', reason: 'a student', reasonCode: 'not_a_fit' },
    }),
  },
];

async function snapshot(leadId: string) {
  const ws = world.ws.workspace.id;
  const lead = await getLead(t.db, ws, leadId);
  const clocks = await runningClocksOfLeads(t.db, ws, [leadId]);
  return {
    ownerId: lead!.ownerId,
    stage: lead!.stage,
    transitions: (await leadTransitions(t.db, ws, leadId)).length,
    assignments: (await leadAssignments(t.db, ws, leadId)).length,
    clocks: clocks
      .map(({ policyId, ownerId }) => ({ policyId, ownerId }))
      .sort((a, b) => a.policyId.localeCompare(b.policyId)),
  };
}

function headersOf(caller: Caller, ownerRep: string, otherRep: string): Record<string, string> {
  if (caller.via === 'api_key') return keys[caller.who === 'rep_key' ? 'sales_rep' : caller.who]!;
  if (caller.who === 'rep_owner') return sessions[ownerRep]!;
  if (caller.who === 'rep_other') return sessions[otherRep]!;
  return sessions[caller.who]!;
}

let seq = 0;
const cases = WAYS.flatMap((way) => CALLERS.map((caller) => ({ way, caller })));

describe('every way to reach an effect follows the same rule', () => {
  it('covers every route × role × session/key', () => {
    expect(cases.length).toBe(WAYS.length * CALLERS.length);
    expect(cases.length).toBe(72);
  });

  it.each(cases.map((c) => [`${c.way.name} by ${c.caller.who} (${c.caller.via})`, c] as const))(
    '%s',
    async (_name, { way, caller }) => {
      const leadId = await qualifiedLead(world, { country: 'US' });
      const before = await snapshot(leadId);
      expect(before.stage).toBe('mql');
      const ownerId = before.ownerId!;
      const ownerRep = Object.keys(world.reps).find((k) => world.reps[k]!.id === ownerId)!;
      const otherRep = Object.keys(world.reps).find((k) => k !== ownerRep && k.startsWith('e'))!;
      const target = world.reps[Object.keys(world.reps).find((k) => k !== ownerRep && k !== otherRep)!]!.id;
      const email = `new${++seq}-${Date.now()}@initech${seq}.com`;
      const req = way.request({ leadId, ownerId, target, email });
      const res = await world.app.inject({ ...req, headers: headersOf(caller, ownerRep, otherRep) });
      const allowed = isAllowed(way.effect, caller.who);

      if (!allowed) {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().code).toBe('forbidden');
        expect(await snapshot(leadId)).toEqual(before);
        expect(await storedCount(t.db, leads, { workspaceId: world.ws.workspace.id, email })).toBe(0);
        return;
      }

      expect(res.statusCode, res.body).toBeLessThan(300);
      if (way.effect === 'owner') {
        const id = req.method === 'POST' && req.url === '/api/v1/leads' ? (res.json().id as string) : leadId;
        const after = await snapshot(id);
        expect(after.ownerId).toBe(target);
        const last = (await leadAssignments(t.db, world.ws.workspace.id, id)).at(-1);
        expect(last).toMatchObject({ ownerId: target, kind: 'manual' });
        expect(last!.reason).not.toBe('');
        if (id === leadId) {
          expect(after.assignments).toBe(before.assignments + 1);
          // The clocks that ran for the old owner now run for the new one.
          expect(after.clocks.map((c) => c.policyId)).toEqual(before.clocks.map((c) => c.policyId));
          expect(after.clocks.every((c) => c.ownerId === target)).toBe(true);
          const told = await storedRows(t.db, notifications, {
            workspaceId: world.ws.workspace.id,
            userId: target,
            leadId,
          });
          expect(told.map((n) => n.type)).toContain('lead.reassigned');
        }
        return;
      }
      const after = await snapshot(leadId);
      expect(after.transitions).toBe(before.transitions + 1);
      expect(after.ownerId).toBe(ownerId);
      if (way.effect === 'accept') {
        expect(after.stage).toBe('sal');
      } else {
        expect(['nurture', 'disqualified']).toContain(after.stage);
        const last = (await leadTransitions(t.db, world.ws.workspace.id, leadId)).at(-1);
        expect(last!.reasonCode).not.toBeNull();
      }
    },
  );
});

describe('the rules of each move, whichever route asks for it', () => {
  const admin = () => keys.admin!;
  const manager = () => sessions.sales_manager!;

  it('refuses a deactivated owner through create, update and /assign, naming ownerId', async () => {
    const gone = await world.ws.member('sales_rep', `gone${++seq}`);
    const off = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${gone.id}`,
      headers: admin(),
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    const leadId = await qualifiedLead(world, { country: 'US' });
    const before = await snapshot(leadId);
    const email = `gone${seq}@hooli${seq}.com`;
    for (const req of [
      { method: 'POST' as const, url: '/api/v1/leads', payload: { email, ownerId: gone.id } },
      { method: 'PATCH' as const, url: `/api/v1/leads/${leadId}`, payload: { ownerId: gone.id } },
      {
        method: 'POST' as const,
        url: `/api/v1/leads/${leadId}/assign`,
        payload: { ownerId: gone.id, reason: 'why not' },
      },
    ]) {
      const res = await world.app.inject({ ...req, headers: admin() });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(400);
      expect(res.json().errors[0].field).toBe('ownerId');
    }
    expect(await snapshot(leadId)).toEqual(before);
  });

  it('lets anyone send the owner a lead already has, without an assignment', async () => {
    const leadId = await qualifiedLead(world, { country: 'US' });
    const before = await snapshot(leadId);
    const rep = Object.keys(world.reps).find((k) => world.reps[k]!.id === before.ownerId)!;
    const res = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/leads/${leadId}`,
      headers: sessions[rep]!,
      payload: { ownerId: before.ownerId, phone: '+1 555 0100' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await snapshot(leadId)).assignments).toBe(before.assignments);
  });

  it('a rejection through /stage needs a reason code that sends the lead where it asks', async () => {
    const leadId = await qualifiedLead(world, { country: 'US' });
    const before = await snapshot(leadId);
    const stage = (payload: Record<string, unknown>) =>
      world.app.inject({
        method: 'POST',
        url: `/api/v1/leads/${leadId}/stage`,
        headers: manager(),
        payload,
      });
    const missing = await stage({ to: 'disqualified', reason: 'no' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('reasonCode');
    const elsewhere = await stage({ to: 'disqualified', reason: 'later', reasonCode: 'not_interested' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].field).toBe('reasonCode');
    const noNote = await stage({ to: 'nurture', reason: 'wrong person', reasonCode: 'wrong_contact' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('note');
    expect(await snapshot(leadId)).toEqual(before);
    const ok = await stage({
      to: 'nurture',
      reason: 'wrong person',
      reasonCode: 'wrong_contact',
      note: 'ask CFO',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ toStage: 'nurture', reasonCode: 'wrong_contact', note: 'ask CFO' });
  });

  it("a later move of another rep's lead is the owner's or a manager's", async () => {
    const leadId = await qualifiedLead(world, { country: 'US' });
    const { ownerId } = await leadState(world, leadId);
    const owner = Object.keys(world.reps).find((k) => world.reps[k]!.id === ownerId)!;
    const accepted = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${leadId}/accept`,
      headers: sessions[owner]!,
      payload: {},
    });
    expect(accepted.statusCode).toBe(200);
    const toSql = (headers: Record<string, string>) =>
      world.app.inject({
        method: 'POST',
        url: `/api/v1/leads/${leadId}/stage`,
        headers,
        payload: { to: 'sql', reason: 'budget confirmed' },
      });
    const before = await snapshot(leadId);
    for (const headers of [sessions.e2!, keys.sales_rep!]) {
      const res = await toSql(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect(await snapshot(leadId)).toEqual(before);
    const reasonCode = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${leadId}/stage`,
      headers: sessions[owner]!,
      payload: { to: 'sql', reason: 'budget confirmed', reasonCode: 'not_a_fit' },
    });
    expect(reasonCode.statusCode).toBe(400);
    expect(reasonCode.json().errors[0].field).toBe('reasonCode');
    expect((await toSql(sessions[owner]!)).statusCode).toBe(200);
  });
});
