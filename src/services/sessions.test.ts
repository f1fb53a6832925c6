// A session from start to end: it resolves to its member until it expires or they sign out, never
// for a deactivated member, and only the token's hash is stored.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../store/audit-log.js';
import { sessions } from '../store/schema/index.js';
import { updateUser } from '../store/users.js';
import { storedRows } from '../../test/support/stored-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { resolveSession, signOut, startSession } from './sessions.js';

let now = new Date('2026-11-23T10:00:00Z');
const t = workspaceTest({ clock: () => new Date(now) });
const HOUR = 3_600_000;

const start = async (role: 'sales_rep' | 'marketing' = 'sales_rep') => {
  const user = await t.ws.member(role);
  const started = await t.db.transaction((tx) => startSession(tx, user, now, 8 * HOUR));
  return { user, started };
};

describe('a session', () => {
  it('resolves to its member with their role until it expires, and is audited when it starts', async () => {
    const { user, started } = await start('marketing');
    expect(started.expiresAt).toEqual(new Date(now.getTime() + 8 * HOUR));
    expect(await resolveSession(t.deps, started.token)).toEqual(started.principal);
    expect(started.principal).toMatchObject({ userId: user.id, role: 'marketing', label: user.email });
    const [audit] = await listAudit(t.db, t.ws.workspace.id, { limit: 1, beforeId: null });
    expect(audit).toMatchObject({ action: 'session.created', actor: { id: user.id }, targetId: user.id });

    const started8h = now;
    now = new Date(started8h.getTime() + 8 * HOUR - 1);
    expect(await resolveSession(t.deps, started.token)).not.toBeNull();
    now = new Date(started8h.getTime() + 8 * HOUR);
    expect(await resolveSession(t.deps, started.token)).toBeNull();
    now = started8h;
  });

  it('stores the hash of its token, never the token', async () => {
    const { started } = await start();
    const [row] = await storedRows(t.db, sessions, { id: started.principal.sessionId });
    expect(row!.tokenHash).not.toContain(started.token);
    expect(row!.tokenHash.length).toBeGreaterThan(0);
  });

  it('ends when its member signs out, and only that session ends', async () => {
    const { user, started } = await start();
    const other = await t.db.transaction((tx) => startSession(tx, user, now, HOUR));
    await signOut(t.deps, started.principal);
    expect(await resolveSession(t.deps, started.token)).toBeNull();
    expect(await resolveSession(t.deps, other.token)).toMatchObject({ sessionId: other.principal.sessionId });
  });

  it('resolves to no one once its member is deactivated, nor for a token never issued', async () => {
    const { user, started } = await start();
    await updateUser(t.db, t.ws.workspace.id, user.id, { disabled: true });
    expect(await resolveSession(t.deps, started.token)).toBeNull();
    expect(await resolveSession(t.deps, 'not-a-token')).toBeNull();
  });
});
