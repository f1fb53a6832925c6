import { describe, expect, it } from 'vitest';
import { emitEvents } from '../../services/outbox.js';
import type { User } from '../../store/users.js';
import { bearer, signIn as signInTo } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest({ server: true });

/** Signs the user in; returns the headers and cookies a browser would send. */
const signIn = async (user: User) => {
  const { cookies, headers } = await signInTo(t.server, t.ws.workspace.slug, user);
  return { cookies, headers };
};

async function notify(userIds: string[], title: string, minutesAgo: number) {
  await t.db.transaction((tx) =>
    emitEvents(tx, t.ws.workspace.id, [
      {
        type: 'lead.assigned',
        occurredAt: new Date(Date.now() - minutesAgo * 60_000),
        data: { title },
        notify: { userIds, title, body: `${title}: call within the hour`, leadId: null },
      },
    ]),
  );
}

describe('/api/v1/notifications', () => {
  it('lists your notifications newest first, marks one read, then all', async () => {
    const rep = await t.ws.member('sales_rep');
    const other = await t.ws.member('sales_rep');
    await notify([rep.id], 'Ana Lima assigned to you', 30);
    await notify([rep.id, other.id], 'Bo Chen assigned to you', 20);
    await notify([rep.id], 'Cy Diaz assigned to you', 10);
    const session = await signIn(rep);
    const list = async (query = '') => {
      const res = await t.server.inject({ method: 'GET', url: `/api/v1/notifications${query}`, ...session });
      expect(res.statusCode).toBe(200);
      return res.json() as {
        data: { id: number; title: string; readAt: string | null }[];
        unreadCount: number;
        nextCursor: string | null;
      };
    };

    const all = await list();
    expect(all.data.map((n) => n.title)).toEqual([
      'Cy Diaz assigned to you',
      'Bo Chen assigned to you',
      'Ana Lima assigned to you',
    ]);
    expect(all.unreadCount).toBe(3);

    const first = await list('?limit=2');
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect([...first.data, ...second.data].map((n) => n.id)).toEqual(all.data.map((n) => n.id));
    expect(second.nextCursor).toBeNull();

    const newest = all.data[0]!;
    const read = await t.server.inject({
      method: 'POST',
      url: `/api/v1/notifications/${newest.id}/read`,
      ...session,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const unread = await list('?unread=true');
    expect(unread.data.map((n) => n.title)).toEqual(['Bo Chen assigned to you', 'Ana Lima assigned to you']);
    expect(unread.unreadCount).toBe(2);

    const readAll = await t.server.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      ...session,
    });
    expect(readAll.json()).toEqual({ marked: 2 });
    expect((await list('?unread=true')).data).toHaveLength(0);
    expect((await list()).unreadCount).toBe(0);

    // The other person's copy is theirs alone: still unread, and not markable by this rep.
    const theirs = await t.server.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      ...(await signIn(other)),
    });
    expect(theirs.json()).toMatchObject({ unreadCount: 1, data: [{ title: 'Bo Chen assigned to you' }] });
    const theirId = theirs.json().data[0].id as number;
    const notMine = await t.server.inject({
      method: 'POST',
      url: `/api/v1/notifications/${theirId}/read`,
      ...session,
    });
    expect(notMine.statusCode).toBe(404);
  });

  it('tells an API key that notifications belong to signed-in people', async () => {
    const res = await t.server.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: bearer(await t.ws.key('sales_rep')),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });
});
