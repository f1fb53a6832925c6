// Workspace reject reason codes: an admin adds its own and renames built-in ones; rejections obey them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { auditLog } from '../../store/schema/index.js';
import { openTestDb } from '../../../test/support/database.js';
import { storedRows } from '../../../test/support/stored-rows.js';
import { bearer } from '../../../test/support/fixtures.js';
import { type HandoffWorld, handoffWorld, leadState, qualifiedLead } from '../../../test/support/handoff.js';

let db: Db;
let world: HandoffWorld;
let admin: Record<string, string>;

beforeAll(async () => {
  db = await openTestDb();
  world = await handoffWorld(db);
  admin = bearer(await world.ws.key('admin'));
});
afterAll(async () => {
  await world.app.close();
  await db.close();
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => world.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function reasons() {
  const res = await call('GET', '/api/v1/reject-reasons', bearer(await world.ws.key('sales_rep')));
  expect(res.statusCode).toBe(200);
  return res.json().data as {
    code: string;
    label: string;
    to: string;
    noteRequired: boolean;
    isBuiltIn: boolean;
  }[];
}

describe('workspace reject reasons', () => {
  it('takes a custom code with a required note: a rejection without one is refused naming `note`', async () => {
    const created = await call('POST', '/api/v1/reject-reasons', admin, {
      code: 'competitor',
      label: 'Works for a competitor',
      to: 'disqualified',
      noteRequired: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'competitor',
      to: 'disqualified',
      recyclable: false,
      isBuiltIn: false,
    });
    expect((await reasons()).at(-1)).toMatchObject({ code: 'competitor', noteRequired: true });

    const id = await qualifiedLead(world);
    const manager = bearer(await world.ws.key('sales_manager'));
    const bare = await call('POST', `/api/v1/leads/${id}/reject`, manager, { reason: 'competitor' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors.map((e: { field: string }) => e.field)).toEqual(['note']);
    expect((await leadState(world, id)).stage).toBe('mql');

    const ok = await call('POST', `/api/v1/leads/${id}/reject`, manager, {
      reason: 'competitor',
      note: 'works at Initech',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      toStage: 'disqualified',
      reasonCode: 'competitor',
      note: 'works at Initech',
    });

    const audit = await storedRows(db, auditLog, { workspaceId: world.ws.workspace.id });
    expect(audit.map(({ action, targetId }) => ({ action, targetId }))).toContainEqual({
      action: 'reject_reason.created',
      targetId: 'competitor',
    });
  });

  it("sends a custom nurture code's lead to nurture, recyclable", async () => {
    const res = await call('POST', '/api/v1/reject-reasons', admin, {
      code: 'call_next_year',
      label: 'Call next year',
      to: 'nurture',
      coolOffDays: 365,
    });
    expect(res.statusCode).toBe(201);
    const id = await qualifiedLead(world);
    const moved = await call(
      'POST',
      `/api/v1/leads/${id}/stage`,
      bearer(await world.ws.key('sales_manager')),
      {
        to: 'nurture',
        reason: 'budget frozen',
        reasonCode: 'call_next_year',
      },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ toStage: 'nurture', reasonCode: 'call_next_year' });
  });

  it('renames a built-in code but changes nothing else about it, and never deletes it', async () => {
    const renamed = await call('PATCH', '/api/v1/reject-reasons/not_a_fit', admin, {
      label: 'Outside our ICP',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      code: 'not_a_fit',
      label: 'Outside our ICP',
      to: 'disqualified',
      isBuiltIn: true,
    });
    expect((await reasons())[0]).toMatchObject({ code: 'not_a_fit', label: 'Outside our ICP' });

    const moved = await call('PATCH', '/api/v1/reject-reasons/not_a_fit', admin, { to: 'nurture' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].field).toBe('to');
    const gone = await call('DELETE', '/api/v1/reject-reasons/not_a_fit', admin);
    expect(gone.statusCode).toBe(409);
    expect((await reasons()).map((r) => r.code)).toContain('not_a_fit');
  });

  it('deletes a custom code; a rejection with it is then refused naming `reason`', async () => {
    expect(
      (
        await call('POST', '/api/v1/reject-reasons', admin, {
          code: 'gone_soon',
          label: 'Gone soon',
          to: 'nurture',
        })
      ).statusCode,
    ).toBe(201);
    expect((await call('DELETE', '/api/v1/reject-reasons/gone_soon', admin)).statusCode).toBe(204);
    const id = await qualifiedLead(world);
    const res = await call(
      'POST',
      `/api/v1/leads/${id}/reject`,
      bearer(await world.ws.key('sales_manager')),
      { reason: 'gone_soon' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('reason');
  });

  it('refuses a code already taken, a malformed code, and anyone but an admin', async () => {
    expect(
      (await call('POST', '/api/v1/reject-reasons', admin, { code: 'duplicate', label: 'x', to: 'nurture' }))
        .statusCode,
    ).toBe(409);
    const bad = await call('POST', '/api/v1/reject-reasons', admin, {
      code: 'Bad Code',
      label: 'x',
      to: 'nurture',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('code');
    const marketing = bearer(await world.ws.key('marketing'));
    expect(
      (await call('POST', '/api/v1/reject-reasons', marketing, { code: 'mine', label: 'x', to: 'nurture' }))
        .statusCode,
    ).toBe(403);
  });
});
