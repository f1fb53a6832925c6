import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import { checkManualTransition, mapCrmStatus, rejectionOutcome, type MoverRole } from './stage-moves.js';
import { ROLES } from './roles.js';
import { STAGES } from './stages.js';

const a = defaultAgreement();

describe('checkManualTransition', () => {
  it('lets a sales rep accept or reject an MQL', () => {
    expect(checkManualTransition(a, 'mql', 'sal', 'sales_rep')).toEqual({ ok: true });
    expect(checkManualTransition(a, 'mql', 'nurture', 'sales_rep')).toEqual({ ok: true });
  });

  it('refuses a move the funnel does not allow, saying what it does allow', () => {
    expect(checkManualTransition(a, 'mql', 'customer', 'sales_rep')).toEqual({
      ok: false,
      code: 'transition_not_allowed',
      message:
        'sales_rep may not move a lead from mql to customer: the agreement allows mql → sal, nurture, disqualified',
    });
  });

  it('refuses a role the move is not open to, naming who may', () => {
    expect(checkManualTransition(a, 'lead', 'mql', 'sales_rep')).toEqual({
      ok: false,
      code: 'role_not_allowed',
      message: 'sales_rep may not move a lead from lead to mql: only marketing, admin or system may',
    });
    expect(checkManualTransition(a, 'disqualified', 'nurture', 'marketing')).toMatchObject({
      code: 'role_not_allowed',
      message: /only admin may$/,
    });
  });

  it('refuses moving a lead to the stage it is in, and says when a stage has no way out', () => {
    expect(checkManualTransition(a, 'sal', 'sal', 'admin')).toEqual({
      ok: false,
      code: 'same_stage',
      message: 'the lead is already in sal',
    });
    expect(checkManualTransition(a, 'customer', 'lost', 'admin')).toMatchObject({
      code: 'transition_not_allowed',
      message:
        'admin may not move a lead from customer to lost: the agreement allows no moves out of customer',
    });
  });

  it('joins several transition rules for the same stage', () => {
    const b = defaultAgreement();
    b.funnel.transitions.push({ from: 'mql', to: ['customer'], roles: ['admin'] });
    expect(checkManualTransition(b, 'mql', 'customer', 'admin')).toEqual({ ok: true });
    expect(checkManualTransition(b, 'mql', 'customer', 'sales_rep')).toMatchObject({
      code: 'role_not_allowed',
      message: /only admin may/,
    });
    expect(checkManualTransition(b, 'mql', 'sql', 'admin')).toMatchObject({
      message: /allows mql → sal, nurture, disqualified, customer$/,
    });
  });

  it('allows exactly the moves the agreement lists (property)', () => {
    const actors: MoverRole[] = [...ROLES, 'system'];
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.constantFrom(...STAGES),
        fc.constantFrom(...actors),
        (from, to, actor) => {
          const listed = a.funnel.transitions.some(
            (t) => t.from === from && t.to.includes(to) && t.roles.includes(actor),
          );
          expect(checkManualTransition(a, from, to, actor).ok).toBe(listed && from !== to);
        },
      ),
    );
  });
});

describe('rejectionOutcome', () => {
  it('sends a lead rejected for timing to nurture, recyclable after its own cool-off', () => {
    expect(rejectionOutcome(a, 'no_budget_timing', null)).toEqual({
      ok: true,
      reasonCode: 'no_budget_timing',
      label: 'No budget or bad timing',
      to: 'nurture',
      recyclable: true,
      coolOffDays: 90,
    });
  });

  it('disqualifies a lead that is not a fit for good, using the agreement-wide cool-off figure', () => {
    expect(rejectionOutcome(a, 'not_a_fit', '')).toEqual({
      ok: true,
      reasonCode: 'not_a_fit',
      label: 'Not a fit',
      to: 'disqualified',
      recyclable: false,
      coolOffDays: 30,
    });
  });

  it('requires a note where the agreement says so', () => {
    expect(rejectionOutcome(a, 'other', '   ')).toEqual({
      ok: false,
      code: 'note_required',
      message: 'a note is required when rejecting for "Other"',
    });
    expect(rejectionOutcome(a, 'other', 'asked us to call in Q3')).toMatchObject({ ok: true, to: 'nurture' });
  });

  it('refuses a reason that does not exist, listing the ones that do', () => {
    const result = rejectionOutcome(a, 'too_expensive', 'x');
    expect(result).toMatchObject({ ok: false, code: 'unknown_reason' });
    if (!result.ok) for (const r of REJECT_REASONS) expect(result.message).toContain(r);
  });
});

describe('mapCrmStatus', () => {
  it('maps a status whatever its case or padding', () => {
    expect(
      mapCrmStatus(a, { system: 'salesforce', object: 'lead', status: ' closed - NOT converted ' }),
    ).toEqual({ to: 'nurture', reasonCode: null, recyclable: true, coolOffDays: 30 });
  });

  it('carries the reason code and its recycling rule', () => {
    expect(mapCrmStatus(a, { system: 'hubspot', object: 'contact', status: 'UNQUALIFIED' })).toEqual({
      to: 'disqualified',
      reasonCode: 'not_a_fit',
      recyclable: false,
      coolOffDays: 30,
    });
    expect(mapCrmStatus(a, { system: 'hubspot', object: 'contact', status: 'bad_timing' })).toEqual({
      to: 'nurture',
      reasonCode: 'no_budget_timing',
      recyclable: true,
      coolOffDays: 90,
    });
  });

  it('matches "any" for every system, but a system-specific mapping wins', () => {
    expect(
      mapCrmStatus(a, { system: 'hubspot', object: 'opportunity', status: 'closed lost' }),
    ).toMatchObject({ to: 'lost', recyclable: true });
    expect(mapCrmStatus(a, { system: 'salesforce', object: 'opportunity', status: 'Closed Won' })).toEqual({
      to: 'customer',
      reasonCode: null,
      recyclable: false,
      coolOffDays: null,
    });
    const b = defaultAgreement();
    b.crm.statusMap.push({
      system: 'salesforce',
      object: 'opportunity',
      status: 'closed lost',
      to: 'nurture',
    });
    expect(mapCrmStatus(b, { system: 'salesforce', object: 'opportunity', status: 'Closed Lost' })?.to).toBe(
      'nurture',
    );
    expect(mapCrmStatus(b, { system: 'hubspot', object: 'opportunity', status: 'Closed Lost' })?.to).toBe(
      'lost',
    );
  });

  it('returns null for an unmapped status or the wrong object', () => {
    expect(
      mapCrmStatus(a, { system: 'salesforce', object: 'lead', status: 'Open - Not Contacted' }),
    ).toBeNull();
    expect(
      mapCrmStatus(a, { system: 'salesforce', object: 'contact', status: 'Closed - Not Converted' }),
    ).toBeNull();
  });
});
