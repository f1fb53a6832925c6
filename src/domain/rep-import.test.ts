import { describe, expect, it } from 'vitest';
import { type RepRow, isMailable, placeholderEmail, planRepImport, teamKeyOf } from './rep-import.js';

const row = (r: Partial<RepRow> & { row: number; name: string }): RepRow => ({
  email: null,
  team: null,
  manager: null,
  office: null,
  ...r,
});
const empty = { members: [], teams: [], memberships: new Set<string>() };

describe('planning a roster import', () => {
  it('creates each rep once, a team per name with its manager, and puts the reps on it', () => {
    const plan = planRepImport(
      [
        row({
          row: 2,
          name: 'Anna Snelling',
          team: 'Dustin Brinkmann',
          manager: 'Dustin Brinkmann',
          office: 'Central',
        }),
        row({
          row: 3,
          name: 'Moses Frase',
          team: 'Dustin Brinkmann',
          manager: 'Dustin Brinkmann',
          office: 'Central',
        }),
      ],
      empty,
    );
    expect(plan.members.map((m) => [m.name, m.email, m.role])).toEqual([
      ['Dustin Brinkmann', 'dustin.brinkmann@imported.invalid', 'sales_manager'],
      ['Anna Snelling', 'anna.snelling@imported.invalid', 'sales_rep'],
      ['Moses Frase', 'moses.frase@imported.invalid', 'sales_rep'],
    ]);
    expect(plan.teams).toEqual([
      {
        ref: 'new:team:dustin-brinkmann',
        key: 'dustin-brinkmann',
        name: 'Dustin Brinkmann (Central)',
        managerRef: plan.members[0]!.ref,
      },
    ]);
    expect(plan.memberships).toHaveLength(2);
    expect(plan.rows.map((r) => r.outcome)).toEqual(['created', 'created']);
  });

  it('changes nothing about people it already knows, and leaves a known roster unchanged', () => {
    const roster = {
      members: [
        { id: 'u1', name: 'Admin', email: 'admin@x.test' },
        { id: 'u2', name: 'Pat Doe', email: 'pat@x.test' },
      ],
      teams: [{ id: 't1', key: 'enterprise', name: 'Enterprise', managerId: 'u1' }],
      memberships: new Set(['t1:u2']),
    };
    const plan = planRepImport(
      [
        row({ row: 2, name: 'pat doe', team: 'Enterprise', manager: 'admin@x.test' }),
        row({ row: 3, name: 'Someone', email: 'admin@x.test', team: 'enterprise' }),
      ],
      roster,
    );
    expect(plan.members).toEqual([]);
    expect(plan.managers).toEqual([]);
    expect(plan.memberships).toEqual([{ teamRef: 't1', memberRef: 'u1' }]);
    expect(plan.rows.map((r) => r.outcome)).toEqual(['unchanged', 'updated']);
  });

  it('refuses what it cannot decide: an ambiguous name, a second manager, a manager without a team', () => {
    const roster = {
      members: [
        { id: 'u1', name: 'Kim Lee', email: 'kim1@x.test' },
        { id: 'u2', name: 'Kim Lee', email: 'kim2@x.test' },
      ],
      teams: [],
      memberships: new Set<string>(),
    };
    const plan = planRepImport(
      [
        row({ row: 2, name: 'Kim Lee', team: 'East' }),
        row({ row: 3, name: 'Ann', team: 'East', manager: 'Boss One' }),
        row({ row: 4, name: 'Bob', team: 'East', manager: 'Boss Two' }),
        row({ row: 5, name: 'Cy', manager: 'Boss One' }),
        row({ row: 6, name: 'Di', team: '!!!' }),
      ],
      roster,
    );
    expect(plan.rows.map((r) => (r.outcome === 'rejected' ? r.field : r.outcome))).toEqual([
      'name',
      'created',
      'manager',
      'manager',
      'team',
    ]);
    expect(plan.members.map((m) => m.name)).toEqual(['Boss One', 'Ann']);
  });

  it('makes keys routing rules can name, and placeholder addresses no mail reaches', () => {
    expect(teamKeyOf('Mei-Mei Johns (Central)')).toBe('mei-mei-johns-central');
    expect(teamKeyOf('Équipe Nord')).toBe('equipe-nord');
    expect(teamKeyOf('***')).toBeNull();
    expect(placeholderEmail('Ann Lee', new Set(['ann.lee@imported.invalid']))).toBe(
      'ann.lee.2@imported.invalid',
    );
    expect(isMailable('ann.lee@imported.invalid')).toBe(false);
    expect(isMailable('ann@example.com')).toBe(true);
  });
});
