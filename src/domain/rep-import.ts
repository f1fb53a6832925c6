// Importing a sales roster (the `reps` import kind): who sells, on which team, under which manager.
// A CRM export of reps often has no e-mail (Maven's sales_teams.csv has none), so a rep may be a
// member who cannot sign in yet: created with no password and a placeholder address under the
// reserved `.invalid` domain (RFC 2606: it never delivers), until an admin gives them a real one.
// An import adds members and team memberships; it never changes an existing member's name, role,
// password or state (so the last-admin rule is never at stake). Pure: the roster comes in, the plan out.
import type { Role } from './roles.js';

/** Addresses under this domain belong to imported members who have no e-mail yet: nothing is sent to them. */
export const PLACEHOLDER_EMAIL_DOMAIN = 'imported.invalid';

/** Does mail to this address reach a person? (Not an imported member's placeholder.) */
export const isMailable = (email: string): boolean =>
  !email.toLowerCase().endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`);

export interface RepRow {
  row: number;
  name: string;
  email: string | null;
  team: string | null;
  /** The team's manager: an e-mail, else a name. */
  manager: string | null;
  office: string | null;
}

export interface RosterMember {
  id: string;
  name: string;
  email: string;
}

export interface RosterTeam {
  id: string;
  key: string;
  name: string;
  managerId: string | null;
}

export interface Roster {
  members: readonly RosterMember[];
  teams: readonly RosterTeam[];
  /** Existing team memberships as `teamId:userId`. */
  memberships: ReadonlySet<string>;
}

/** A member or team the plan refers to: an existing one by id, or one the plan creates (`new:`). */
export type Ref = string;

export interface NewMember {
  ref: Ref;
  name: string;
  email: string;
  role: Extract<Role, 'sales_rep' | 'sales_manager'>;
}

export interface NewTeam {
  ref: Ref;
  key: string;
  name: string;
  managerRef: Ref | null;
}

export interface RepPlan {
  members: NewMember[];
  teams: NewTeam[];
  /** Existing teams whose manager the file changes. */
  managers: { teamId: string; managerRef: Ref; previous: string | null }[];
  /** Team memberships to add (a new member takes no leads until a manager gives them capacity). */
  memberships: { teamRef: Ref; memberRef: Ref }[];
  /** Per row: what it did to its rep (`member`: the rep's id, or the ref of the member it creates). */
  rows: ({ row: number; outcome: 'created' | 'updated' | 'unchanged'; member: Ref } | RepRefusal)[];
}

export interface RepRefusal {
  row: number;
  outcome: 'rejected';
  field: 'name' | 'team' | 'manager';
  reason: string;
}

const lower = (s: string) => s.trim().toLowerCase();

/** A team key from its name: lower-case letters, digits and `-`, at most 40 characters (what routing rules name). */
export function teamKeyOf(name: string): string | null {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return key === '' ? null : key;
}

/** A placeholder address for a member without one, not among `taken` (lower-cased). */
export function placeholderEmail(name: string, taken: ReadonlySet<string>): string {
  const local = (teamKeyOf(name) ?? 'member').replace(/-/g, '.');
  for (let n = 1; ; n++) {
    const email = `${local}${n === 1 ? '' : `.${n}`}@${PLACEHOLDER_EMAIL_DOMAIN}`;
    if (!taken.has(email)) return email;
  }
}

/**
 * The plan for a batch of roster rows. A rep is found by e-mail, else by name; a manager by e-mail
 * (a value with `@`), else by name; a team by key, else by name. Whoever is missing is created (reps
 * as sales reps, managers as sales managers); a new team is named `team (office)` when the file
 * gives an office. Two members of one name make the name ambiguous: the row must give an e-mail.
 */
export function planRepImport(rows: readonly RepRow[], roster: Roster): RepPlan {
  type Known = RosterMember & { ref: Ref };
  const plan: RepPlan = { members: [], teams: [], managers: [], memberships: [], rows: [] };
  const members: Known[] = roster.members.map((m) => ({ ...m, ref: m.id }));
  const teams: (RosterTeam & { ref: Ref })[] = roster.teams.map((t) => ({ ...t, ref: t.id }));
  const memberships = new Set(roster.memberships);
  const taken = new Set(members.map((m) => lower(m.email)));
  // Teams a row of this file has named a manager for: a later row may not name another.
  const managed = new Set<Ref>();

  const findMember = (value: string, isEmail: boolean): Known[] =>
    members.filter((x) => (isEmail ? lower(x.email) : lower(x.name)) === lower(value));
  const newMember = (name: string, email: string | null, role: NewMember['role']): Known => {
    const address = email ?? placeholderEmail(name, taken);
    taken.add(lower(address));
    const m = { ref: `new:member:${lower(address)}`, id: '', name, email: address };
    members.push(m);
    plan.members.push({ ref: m.ref, name, email: address, role });
    return m;
  };

  for (const r of rows) {
    const refuse = (field: RepRefusal['field'], reason: string) =>
      plan.rows.push({ row: r.row, outcome: 'rejected', field, reason });
    if (r.manager && !r.team) {
      refuse('manager', 'manager needs a team (map a team column: the team is what the manager leads)');
      continue;
    }
    const teamKey = r.team ? teamKeyOf(r.team) : null;
    if (r.team && !teamKey) {
      refuse('team', 'team needs a letter or a digit (its key is made from them)');
      continue;
    }
    const found = findMember(r.email ?? r.name, r.email !== null);
    if (found.length > 1) {
      refuse('name', `${found.length} members are named "${r.name}": give the rep's e-mail`);
      continue;
    }
    const managerIsEmail = r.manager?.includes('@') ?? false;
    const managers = r.manager ? findMember(r.manager, managerIsEmail) : [];
    if (managers.length > 1) {
      refuse('manager', `${managers.length} members are named "${r.manager}": give the manager's e-mail`);
      continue;
    }
    let team = teamKey
      ? (teams.find((t) => t.key === teamKey) ?? teams.find((t) => lower(t.name) === lower(r.team!)))
      : undefined;
    const isOtherManager = r.manager !== null && managers[0]?.ref !== team?.managerId;
    if (team && isOtherManager && managed.has(team.ref)) {
      refuse('manager', `team "${team.name}" was given another manager by an earlier row`);
      continue;
    }

    let changed = false;
    const manager = r.manager
      ? (managers[0] ?? newMember(r.manager, managerIsEmail ? r.manager : null, 'sales_manager'))
      : undefined;
    const rep = found[0] ?? newMember(r.name, r.email, 'sales_rep');
    if (r.team && !team) {
      const name = r.office ? `${r.team.trim()} (${r.office.trim()})` : r.team.trim();
      team = { ref: `new:team:${teamKey}`, id: '', key: teamKey!, name, managerId: manager?.ref ?? null };
      teams.push(team);
      plan.teams.push({ ref: team.ref, key: team.key, name, managerRef: team.managerId });
      changed = true;
    } else if (team && manager && team.managerId !== manager.ref) {
      const created = plan.teams.find((t) => t.ref === team!.ref);
      if (created) created.managerRef = manager.ref;
      else plan.managers.push({ teamId: team.id, managerRef: manager.ref, previous: team.managerId });
      team.managerId = manager.ref;
      changed = true;
    }
    if (team && manager) managed.add(team.ref);
    if (team && !memberships.has(`${team.ref}:${rep.ref}`)) {
      memberships.add(`${team.ref}:${rep.ref}`);
      plan.memberships.push({ teamRef: team.ref, memberRef: rep.ref });
      changed = true;
    }
    const outcome = !found[0] ? 'created' : changed ? 'updated' : 'unchanged';
    plan.rows.push({ row: r.row, outcome, member: rep.ref });
  }
  return plan;
}
