// What belongs to people in the store: notifications paged newest first with an unread count, and
// teams with unique keys, members (deactivated people left out) and absences.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../domain/business-hours.js';
import { testDatabase } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { decodeCursor } from './cursor.js';
import {
  type NewNotification,
  insertNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.js';
import { absencesOf, insertAbsence, insertTeam, teamMembers, upsertTeamMember } from './teams.js';

const t = testDatabase();

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('notifications', () => {
  it('page newest first through notifications of the same moment, and only the person’s own', async () => {
    const ws = await makeWorkspace(testDeps(t.db));
    const [me, other] = [await ws.member('sales_rep'), await ws.member('sales_rep')];
    const note = (userId: string, title: string, minutes: number): NewNotification => ({
      userId,
      type: 'lead.assigned',
      title,
      body: '',
      leadId: null,
      data: {},
      createdAt: at(minutes),
    });
    // Five of mine, two pairs sharing a moment (inserted in that order), and one of someone else.
    await insertNotifications(t.db, ws.workspace.id, [
      note(me.id, 'n0', 0),
      note(me.id, 'n1', 1),
      note(me.id, 'n2', 1),
      note(me.id, 'n3', 2),
      note(me.id, 'n4', 2),
      note(other.id, 'theirs', 3),
    ]);
    const titles: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: Awaited<ReturnType<typeof listNotifications>> = await listNotifications(
        t.db,
        ws.workspace.id,
        me.id,
        {
          isUnreadOnly: false,
          limit: 2,
          after: decodeCursor(cursor ?? undefined, { at: 'timestamp', id: 'integer' }),
        },
      );
      expect(page.unreadCount).toBe(5);
      titles.push(...page.data.map((n) => n.title));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(titles).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
  });

  it('are read once: the first reading counts, someone else’s is not found, and read-all counts what it marked', async () => {
    const ws = await makeWorkspace(testDeps(t.db));
    const [me, other] = [await ws.member('sales_rep'), await ws.member('sales_rep')];
    const base = { type: 'sla.warning', body: '', leadId: null, data: {} };
    await insertNotifications(t.db, ws.workspace.id, [
      { ...base, userId: me.id, title: 'a', createdAt: at(0) },
      { ...base, userId: me.id, title: 'b', createdAt: at(1) },
      { ...base, userId: other.id, title: 'c', createdAt: at(2) },
    ]);
    const list = (userId: string, isUnreadOnly: boolean) =>
      listNotifications(t.db, ws.workspace.id, userId, { isUnreadOnly, limit: 10, after: null });
    const [newest] = (await list(me.id, false)).data;
    expect(await markNotificationRead(t.db, ws.workspace.id, other.id, newest!.id, at(5))).toBeNull();
    expect((await markNotificationRead(t.db, ws.workspace.id, me.id, newest!.id, at(5)))!.readAt).toEqual(
      at(5),
    );
    expect((await markNotificationRead(t.db, ws.workspace.id, me.id, newest!.id, at(9)))!.readAt).toEqual(
      at(5),
    );
    expect(await list(me.id, true)).toMatchObject({ unreadCount: 1, data: [{ title: 'a' }] });
    expect(await markAllNotificationsRead(t.db, ws.workspace.id, me.id, at(10))).toBe(1);
    expect(await markAllNotificationsRead(t.db, ws.workspace.id, me.id, at(11))).toBe(0);
    expect((await list(other.id, true)).unreadCount).toBe(1);
  });
});

describe('teams', () => {
  it('have one key per workspace, list active members only, and keep the absences that have not ended', async () => {
    const ws = await makeWorkspace(testDeps(t.db));
    const other = await makeWorkspace(testDeps(t.db));
    const team = { key: 'emea', name: 'EMEA', calendar: defaultCalendar('UTC'), managerId: null };
    const emea = await insertTeam(t.db, ws.workspace.id, team);
    await expect(insertTeam(t.db, ws.workspace.id, team)).rejects.toMatchObject({
      code: '23505',
      constraint: 'teams_key_key',
    });
    await insertTeam(t.db, other.workspace.id, team);

    const [a, b] = [await ws.member('sales_rep', 'rep-a'), await ws.member('sales_rep', 'rep-b')];
    const member = { teamId: emea.id, weight: 1, capacity: null, active: true };
    await upsertTeamMember(t.db, ws.workspace.id, { ...member, userId: a.id });
    await upsertTeamMember(t.db, ws.workspace.id, { ...member, userId: b.id });
    // Upserting again changes the row, never adds a second.
    await upsertTeamMember(t.db, ws.workspace.id, { ...member, userId: a.id, weight: 3, capacity: 5 });
    await t.db.query(`update users set disabled_at = now() where workspace_id = $1 and id = $2`, [
      ws.workspace.id,
      b.id,
    ]);
    expect(await teamMembers(t.db, ws.workspace.id, emea.id)).toEqual([
      { teamId: emea.id, userId: a.id, weight: 3, capacity: 5, active: true },
    ]);

    await insertAbsence(t.db, ws.workspace.id, {
      userId: a.id,
      startsAt: at(-120),
      endsAt: at(-60),
      note: null,
    });
    const current = await insertAbsence(t.db, ws.workspace.id, {
      userId: a.id,
      startsAt: at(-30),
      endsAt: at(60),
      note: 'conference',
    });
    expect(await absencesOf(t.db, ws.workspace.id, [a.id], at(0))).toEqual([current]);
    expect(await absencesOf(t.db, other.workspace.id, [a.id], at(0))).toEqual([]);
  });
});
