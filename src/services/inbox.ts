// The rep's inbox (my open leads by urgency, with live SLA clocks) and the manager's team view
// (queue, warnings and breaches, each rep's load against capacity and absences).
import type { BusinessCalendar } from '../domain/business-hours.js';
import { type SlaState, remainingLabel, slaStatus } from '../domain/sla-clock.js';
import { OPEN_STAGES, QUALIFIED_STAGES } from '../domain/stages.js';
import type { Queryable } from '../store/db.js';
import { type Lead, alertingLeads, openLeadsOfOwner, unownedLeads } from '../store/leads.js';
import { type SlaClockRow, runningClockAlertsByOwner, runningClocksOfLeads } from '../store/sla-clocks.js';
import { membersByTeam } from '../store/team-members.js';
import { absencesOf, listTeams, openLeadCounts } from '../store/teams.js';
import { listUsers } from '../store/users.js';
import { calendarFor } from './calendars.js';
import type { Deps } from './deps.js';

export interface ClockView {
  id: string;
  policyId: string;
  clock: string;
  stage: string;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  state: SlaState;
  businessMsLeft: number;
  label: string;
}

export interface InboxItem {
  lead: Lead;
  clocks: ClockView[];
  /** The clock that matters most: breached before warning before on track, soonest due first. */
  urgent: ClockView | null;
}

const URGENCY: Record<SlaState, number> = { breached: 0, warning: 1, on_track: 2 };

function viewClocks(clocks: SlaClockRow[], calendar: BusinessCalendar, now: Date): ClockView[] {
  return clocks
    .map((c) => {
      const status = slaStatus(c, now, calendar);
      return {
        id: c.id,
        policyId: c.policyId,
        clock: c.clock,
        stage: c.stage,
        startedAt: c.startedAt,
        warnAt: c.warnAt,
        dueAt: c.dueAt,
        state: status.state,
        businessMsLeft: status.businessMsLeft,
        label: remainingLabel(status.businessMsLeft),
      };
    })
    .sort((a, b) => URGENCY[a.state] - URGENCY[b.state] || a.dueAt.getTime() - b.dueAt.getTime());
}

async function withClocks(q: Queryable, workspaceId: string, leads: Lead[], now: Date): Promise<InboxItem[]> {
  const clocks = await runningClocksOfLeads(
    q,
    workspaceId,
    leads.map((l) => l.id),
  );
  const calendars = new Map<string, BusinessCalendar>();
  const items: InboxItem[] = [];
  for (const lead of leads) {
    const key = `${lead.ownerId ?? ''}`;
    if (!calendars.has(key))
      calendars.set(key, (await calendarFor(q, workspaceId, lead.ownerId, null)).calendar);
    const views = viewClocks(
      clocks.filter((c) => c.leadId === lead.id),
      calendars.get(key)!,
      now,
    );
    items.push({ lead, clocks: views, urgent: views[0] ?? null });
  }
  return items.sort((a, b) => {
    const ua = a.urgent;
    const ub = b.urgent;
    if (ua && ub) return URGENCY[ua.state] - URGENCY[ub.state] || ua.dueAt.getTime() - ub.dueAt.getTime();
    if (ua || ub) return ua ? -1 : 1;
    return a.lead.stageEnteredAt.getTime() - b.lead.stageEnteredAt.getTime();
  });
}

/** Open leads of an owner (qualified or accepted), most urgent first. */
export async function inbox(
  deps: Deps,
  workspaceId: string,
  ownerId: string,
  limit = 200,
): Promise<InboxItem[]> {
  const leads = await openLeadsOfOwner(deps.db, workspaceId, ownerId, OPEN_STAGES, limit);
  return withClocks(deps.db, workspaceId, leads, deps.clock());
}

export interface RepLoad {
  userId: string;
  name: string;
  weight: number;
  capacity: number | null;
  openLeads: number;
  active: boolean;
  outOfOffice: { startsAt: Date; endsAt: Date; note: string | null } | null;
  warnings: number;
  breaches: number;
}

export interface TeamView {
  teams: {
    id: string;
    key: string;
    name: string;
    timeZone: string;
    managerId: string | null;
    reps: RepLoad[];
  }[];
  queue: InboxItem[];
  alerts: (InboxItem & { ownerName: string | null })[];
}

/** What a sales manager watches: who holds what against capacity, the queue, warnings and breaches. */
export async function teamView(deps: Deps, workspaceId: string): Promise<TeamView> {
  const now = deps.clock();
  const q = deps.db;
  const [teams, users] = await Promise.all([listTeams(q, workspaceId), listUsers(q, workspaceId)]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const clockCounts = await runningClockAlertsByOwner(q, workspaceId);
  const counts = new Map(clockCounts.map((c) => [c.ownerId, c]));
  const membersOf = await membersByTeam(q, workspaceId);
  const repIds = [...new Set([...membersOf.values()].flat().map((m) => m.userId))];
  const [open, absences] = await Promise.all([
    openLeadCounts(q, workspaceId, repIds),
    absencesOf(q, workspaceId, repIds, now),
  ]);
  const teamViews = teams.map((team) => ({
    id: team.id,
    key: team.key,
    name: team.name,
    timeZone: team.calendar.timeZone,
    managerId: team.managerId,
    reps: (membersOf.get(team.id) ?? []).map((m) => {
      const away = absences.find((a) => a.userId === m.userId && a.startsAt <= now && now < a.endsAt);
      return {
        userId: m.userId,
        name: names.get(m.userId) ?? m.userId,
        weight: m.weight,
        capacity: m.capacity,
        openLeads: open.get(m.userId) ?? 0,
        active: m.active,
        outOfOffice: away ? { startsAt: away.startsAt, endsAt: away.endsAt, note: away.note } : null,
        warnings: counts.get(m.userId)?.warnings ?? 0,
        breaches: counts.get(m.userId)?.breaches ?? 0,
      };
    }),
  }));
  const queued = await unownedLeads(q, workspaceId, QUALIFIED_STAGES);
  const alerting = await alertingLeads(q, workspaceId);
  const alerts = (await withClocks(q, workspaceId, alerting, now)).map((item) => ({
    ...item,
    ownerName: item.lead.ownerId ? (names.get(item.lead.ownerId) ?? null) : null,
  }));
  return { teams: teamViews, queue: await withClocks(q, workspaceId, queued, now), alerts };
}
