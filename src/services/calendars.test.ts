// Whose business hours an SLA clock runs in, in the order calendarFor tries them: the owner's team
// week in the owner's zone, the workspace's hours in the owner's zone, the team's calendar, the
// workspace's hours in its own zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusinessHours, weekOf } from '../domain/workspace-setup.js';
import type { Db } from '../store/db.js';
import { updateUser } from '../store/users.js';
import { setWorkspaceSetting } from '../store/workspaces.js';
import { openTestWorkspace, type TestWorkspace } from '../../test/support/fixtures.js';
import { calendarFor } from './calendars.js';
import type { Deps } from './deps.js';
import { createTeam, setTeamMember } from './teams.js';

let db: Db;
let deps: Deps;
let ws: TestWorkspace;
const SYSTEM = { type: 'system' as const, id: null, label: 'test' };

/** The team works weekends only, in Tokyo: nothing like the workspace's hours. */
const WEEKEND_TOKYO = {
  timeZone: 'Asia/Tokyo',
  week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [['10:00', '14:00']], sun: [['10:00', '14:00']] },
  holidays: ['2026-12-26'],
};
/** The workspace's own hours: Monday to Wednesday, 08:00–12:00. */
const WORKSPACE_HOURS: BusinessHours = { days: ['mon', 'tue', 'wed'], from: '08:00', to: '12:00' };

let teamId: string;
let inTeam: string;
let noTeam: string;

beforeAll(async () => {
  ({ db, deps, ws } = await openTestWorkspace());
  await setWorkspaceSetting(db, ws.workspace.id, 'businessHours', WORKSPACE_HOURS);
  const team = await createTeam(deps, SYSTEM, ws.workspace.id, {
    key: 'weekend',
    name: 'Weekend',
    calendar: WEEKEND_TOKYO,
  });
  teamId = team.id;
  inTeam = (await ws.member('sales_rep', 'in-team')).id;
  noTeam = (await ws.member('sales_rep', 'no-team')).id;
  await updateUser(db, ws.workspace.id, inTeam, { timeZone: 'America/New_York' });
  await updateUser(db, ws.workspace.id, noTeam, { timeZone: 'Europe/Berlin' });
  await setTeamMember(deps, SYSTEM, ws.workspace.id, {
    teamId,
    userId: inTeam,
    weight: 1,
    capacity: null,
    active: true,
  });
});
afterAll(async () => {
  await db.close();
});

describe('calendarFor', () => {
  it("an owner in a team: the team's week and holidays in the owner's zone, held by that team", async () => {
    const where = await calendarFor(db, ws.workspace.id, inTeam, null);
    expect(where).toEqual({
      calendar: { ...WEEKEND_TOKYO, timeZone: 'America/New_York' },
      teamId,
    });
  });

  it("an owner without a team: the workspace's hours in the owner's zone, the given team kept", async () => {
    const where = await calendarFor(db, ws.workspace.id, noTeam, teamId);
    expect(where).toEqual({
      calendar: { timeZone: 'Europe/Berlin', week: weekOf(WORKSPACE_HOURS), holidays: [] },
      teamId,
    });
  });

  it("no owner (or one that does not exist): the team's own calendar", async () => {
    expect(await calendarFor(db, ws.workspace.id, null, teamId)).toEqual({
      calendar: WEEKEND_TOKYO,
      teamId,
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await calendarFor(db, ws.workspace.id, unknown, teamId)).toEqual({
      calendar: WEEKEND_TOKYO,
      teamId,
    });
  });

  it("no owner and no team: the workspace's hours in the workspace's zone", async () => {
    expect(await calendarFor(db, ws.workspace.id, null, null)).toEqual({
      calendar: { timeZone: 'UTC', week: weekOf(WORKSPACE_HOURS), holidays: [] },
      teamId: null,
    });
  });
});
