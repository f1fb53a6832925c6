// Teams and absences as the services keep them: a team's key is unique, its calendar and manager
// are checked (400 naming the field), members must be members; a rep records only their own time
// out of office, a manager anyone's; every change leaves an audit entry.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../store/audit-log.js';
import { appErrorOf, principalOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { addAbsence, changeTeam, createTeam, dropTeamMember, removeAbsence, setTeamMember } from './teams.js';

const t = workspaceTest();
const SYSTEM = { type: 'system' as const, id: null, label: 'test' };
const MISSING = '00000000-0000-4000-8000-000000000000';
let seq = 0;

const newTeam = (input: { calendar?: unknown; managerId?: string | null } = {}) =>
  createTeam(t.deps, SYSTEM, t.ws.workspace.id, { key: `team-${++seq}`, name: `Team ${seq}`, ...input });

const lastActions = async (n: number) =>
  (await listAudit(t.db, t.ws.workspace.id, { limit: n, beforeId: null })).map((e) => e.action);

describe('teams', () => {
  it("takes the workspace's hours as the calendar when none is given, and audits the creation", async () => {
    const team = await newTeam();
    expect(team.calendar.timeZone).toBe(t.ws.workspace.timeZone);
    expect(await lastActions(1)).toEqual(['team.created']);
  });

  it('refuses a key already taken (409 on key), a bad calendar and an unknown manager (400)', async () => {
    const team = await newTeam();
    const taken = await appErrorOf(
      createTeam(t.deps, SYSTEM, t.ws.workspace.id, { key: team.key, name: 'x' }),
    );
    expect(taken).toMatchObject({ code: 'conflict', errors: [{ field: 'key' }] });

    const badCalendar = await appErrorOf(newTeam({ calendar: { timeZone: 'Mars/Olympus', week: {} } }));
    expect(badCalendar.code).toBe('validation_failed');
    expect(badCalendar.errors.every((e) => e.field.startsWith('calendar'))).toBe(true);

    const noManager = await appErrorOf(newTeam({ managerId: MISSING }));
    expect(noManager).toMatchObject({ code: 'validation_failed', errors: [{ field: 'managerId' }] });
    const change = await appErrorOf(
      changeTeam(t.deps, SYSTEM, t.ws.workspace.id, team.id, { managerId: MISSING }),
    );
    expect(change).toMatchObject({ code: 'validation_failed', errors: [{ field: 'managerId' }] });
  });

  it('changes only what is sent; an unknown team is not_found', async () => {
    const manager = await t.ws.member('sales_manager');
    const team = await newTeam();
    const changed = await changeTeam(t.deps, SYSTEM, t.ws.workspace.id, team.id, { managerId: manager.id });
    expect(changed).toMatchObject({ name: team.name, calendar: team.calendar, managerId: manager.id });
    expect(await lastActions(1)).toEqual(['team.updated']);
    const missing = await appErrorOf(changeTeam(t.deps, SYSTEM, t.ws.workspace.id, MISSING, { name: 'x' }));
    expect(missing.code).toBe('not_found');
  });

  it('takes only members of the workspace into a team, and drops them once', async () => {
    const team = await newTeam();
    const rep = await t.ws.member('sales_rep');
    const member = { teamId: team.id, weight: 1, capacity: null, active: true };
    const stranger = await appErrorOf(
      setTeamMember(t.deps, SYSTEM, t.ws.workspace.id, { ...member, userId: MISSING }),
    );
    expect(stranger).toMatchObject({ code: 'validation_failed', errors: [{ field: 'userId' }] });
    const noTeam = await appErrorOf(
      setTeamMember(t.deps, SYSTEM, t.ws.workspace.id, { ...member, teamId: MISSING, userId: rep.id }),
    );
    expect(noTeam.code).toBe('not_found');

    await setTeamMember(t.deps, SYSTEM, t.ws.workspace.id, { ...member, userId: rep.id });
    await dropTeamMember(t.deps, SYSTEM, t.ws.workspace.id, team.id, rep.id);
    expect(await lastActions(2)).toEqual(['team.member_removed', 'team.member_set']);
    const again = await appErrorOf(dropTeamMember(t.deps, SYSTEM, t.ws.workspace.id, team.id, rep.id));
    expect(again.code).toBe('not_found');
  });
});

describe('time out of office', () => {
  const week = { startsAt: new Date('2026-12-21T00:00:00Z'), endsAt: new Date('2026-12-28T00:00:00Z') };

  it('a rep records and removes their own; not a colleague’s', async () => {
    const rep = await t.ws.member('sales_rep');
    const colleague = await t.ws.member('sales_rep');
    const me = principalOf(rep);
    const absence = await addAbsence(t.deps, me, SYSTEM, { userId: rep.id, ...week, note: 'holiday' });
    expect(absence).toMatchObject({ userId: rep.id, note: 'holiday' });

    const other = await appErrorOf(
      addAbsence(t.deps, me, SYSTEM, { userId: colleague.id, ...week, note: null }),
    );
    expect(other.code).toBe('forbidden');
    const theirs = await addAbsence(t.deps, principalOf(colleague), SYSTEM, {
      userId: colleague.id,
      ...week,
      note: null,
    });
    expect((await appErrorOf(removeAbsence(t.deps, me, SYSTEM, theirs.id))).code).toBe('forbidden');

    await removeAbsence(t.deps, me, SYSTEM, absence.id);
    expect(await lastActions(1)).toEqual(['out_of_office.removed']);
    expect((await appErrorOf(removeAbsence(t.deps, me, SYSTEM, absence.id))).code).toBe('not_found');
  });

  it("a manager records anyone's; an end before the start is refused on endsAt", async () => {
    const manager = principalOf(await t.ws.member('sales_manager'));
    const rep = await t.ws.member('sales_rep');
    await addAbsence(t.deps, manager, SYSTEM, { userId: rep.id, ...week, note: null });
    expect(await lastActions(1)).toEqual(['out_of_office.added']);
    const backwards = await appErrorOf(
      addAbsence(t.deps, manager, SYSTEM, {
        userId: rep.id,
        startsAt: week.endsAt,
        endsAt: week.startsAt,
        note: null,
      }),
    );
    expect(backwards).toMatchObject({ code: 'validation_failed', errors: [{ field: 'endsAt' }] });
    const stranger = await appErrorOf(
      addAbsence(t.deps, manager, SYSTEM, { userId: MISSING, ...week, note: null }),
    );
    expect(stranger).toMatchObject({ code: 'validation_failed', errors: [{ field: 'userId' }] });
  });
});
