// Teams as the API shows them: every team with its own reps (read in one statement for all teams),
// dates as ISO strings, and nothing of the routing state.
import { describe, expect, it } from 'vitest';
import { bearer } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest();

describe('/api/v1/teams', () => {
  it('lists each team with its own reps, and only the fields of the schema', async () => {
    const app = await t.app();
    const admin = bearer(await t.ws.key('admin'));
    const [a1, a2, b1] = [
      await t.ws.member('sales_rep'),
      await t.ws.member('sales_rep'),
      await t.ws.member('sales_rep'),
    ];
    const create = async (key: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: admin,
        payload: { key, name: `Team ${key}` },
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; members: unknown[]; createdAt: string };
    };
    const [alpha, beta, empty] = [await create('alpha'), await create('beta'), await create('empty')];
    expect(alpha.members).toEqual([]);
    expect(new Date(alpha.createdAt).toISOString()).toBe(alpha.createdAt);
    const join = async (teamId: string, userId: string, weight: number) => {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/teams/${teamId}/members/${userId}`,
        headers: admin,
        payload: { weight, capacity: 5 },
      });
      expect(res.statusCode).toBe(204);
    };
    await join(alpha.id, a1!.id, 1);
    await join(alpha.id, a2!.id, 2);
    await join(beta.id, b1!.id, 3);

    const res = await app.inject({ method: 'GET', url: '/api/v1/teams', headers: admin });
    expect(res.statusCode).toBe(200);
    const teams = res.json().data as { id: string; members: { userId: string; weight: number }[] }[];
    const byId = new Map(teams.map((t) => [t.id, t]));
    const reps = (id: string) =>
      byId
        .get(id)
        ?.members.map((m) => [m.userId, m.weight])
        .sort();
    expect(reps(alpha.id)).toEqual(
      [
        [a1!.id, 1],
        [a2!.id, 2],
      ].sort(),
    );
    expect(reps(beta.id)).toEqual([[b1!.id, 3]]);
    expect(reps(empty.id)).toEqual([]);
    const one = byId.get(alpha.id) as Record<string, unknown>;
    expect(Object.keys(one).sort()).toEqual([
      'calendar',
      'createdAt',
      'id',
      'key',
      'managerId',
      'members',
      'name',
    ]);
    expect(Object.keys((one.members as object[])[0]!).sort()).toEqual([
      'active',
      'capacity',
      'userId',
      'weight',
    ]);
  });

  it('records an absence and answers it with ISO dates', async () => {
    const app = await t.app();
    const admin = bearer(await t.ws.key('admin'));
    const rep = await t.ws.member('sales_rep');
    const startsAt = new Date(Date.now() + 3600_000).toISOString();
    const endsAt = new Date(Date.now() + 7200_000).toISOString();
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/out-of-office',
      headers: admin,
      payload: { userId: rep.id, startsAt, endsAt },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: rep.id, startsAt, endsAt, note: null });
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/out-of-office?userId=${rep.id}`,
      headers: admin,
    });
    expect(list.json().data).toEqual([added.json()]);
  });
});
