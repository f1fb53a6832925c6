// Changing a member: the workspace keeps an active admin, a password an admin sets must be
// acceptable and ends the member's sessions, and deactivating ends them too.
import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { assertAcceptablePassword, changeMember } from './members.js';
import { resolveSession, startSession } from './sessions.js';

const t = workspaceTest();
const ADMIN = { type: 'system' as const, id: null, label: 'test' };
const HOUR = 3_600_000;

const sessionOf = async (user: Parameters<typeof startSession>[1]) =>
  (await t.db.transaction((tx) => startSession(tx, user, new Date(), HOUR))).token;

describe('changeMember', () => {
  it('refuses to demote or deactivate the last active admin, naming role or disabled', async () => {
    const ws = t.ws.workspace.id;
    const admin = t.ws.admin.id;
    const demoted = await appErrorOf(changeMember(t.deps, ADMIN, ws, admin, { role: 'marketing' }));
    expect(demoted.code).toBe('validation_failed');
    expect(demoted.errors.map((e) => e.field)).toEqual(['role']);
    const disabled = await appErrorOf(changeMember(t.deps, ADMIN, ws, admin, { disabled: true }));
    expect(disabled.errors.map((e) => e.field)).toEqual(['disabled']);
    // With a second admin, the first may step down.
    await t.ws.member('admin');
    const changed = await changeMember(t.deps, ADMIN, ws, admin, { role: 'marketing' });
    expect(changed?.user.role).toBe('marketing');
    await changeMember(t.deps, ADMIN, ws, admin, { role: 'admin' });
  });

  it("refuses a weak password naming password, and a good one ends the member's sessions", async () => {
    const rep = await t.ws.member('sales_rep', 'rita');
    const token = await sessionOf(rep);
    const weak = await appErrorOf(
      changeMember(t.deps, ADMIN, t.ws.workspace.id, rep.id, { password: 'rita1234' }),
    );
    expect(weak.errors.map((e) => e.field)).toEqual(['password']);
    expect(await resolveSession(t.deps, token)).not.toBeNull();

    const changed = await changeMember(t.deps, ADMIN, t.ws.workspace.id, rep.id, {
      password: 'violet tractor sings at dawn',
    });
    expect(changed?.sessionsEnded).toBe(1);
    expect(await resolveSession(t.deps, token)).toBeNull();
  });

  it('deactivating ends every session of the member; an unknown member is null', async () => {
    const rep = await t.ws.member('sales_rep');
    const tokens = [await sessionOf(rep), await sessionOf(rep)];
    const changed = await changeMember(t.deps, ADMIN, t.ws.workspace.id, rep.id, { disabled: true });
    expect(changed).toMatchObject({ sessionsEnded: 2, leadsRerouted: 0 });
    expect(changed?.user.disabledAt).not.toBeNull();
    for (const token of tokens) expect(await resolveSession(t.deps, token)).toBeNull();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await changeMember(t.deps, ADMIN, t.ws.workspace.id, missing, { name: 'x' })).toBeNull();
  });
});

describe('assertAcceptablePassword', () => {
  it("refuses a password made of the member's own e-mail or name", async () => {
    const err = await appErrorOf(
      Promise.resolve().then(() =>
        assertAcceptablePassword('rita@example.test', ['rita@example.test', 'Rita']),
      ),
    );
    expect(err).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });
    expect(() =>
      assertAcceptablePassword('violet tractor sings at dawn', ['rita@example.test']),
    ).not.toThrow();
  });
});
