import { describe, expect, it } from 'vitest';
import { parseAgreement } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import type { EngineLead } from './engine-lead.js';
import {
  REVERSAL_REASON_CODE,
  type RecordedMove,
  disputableRejection,
  planReversal,
} from './lead-feedback.js';
import { emptyLeadProfile } from './lead-profile.js';
import { enterSideStage, newLeadState } from './lifecycle.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const parsed = parseAgreement(defaultAgreement());
if (!parsed.ok) throw new Error('default agreement invalid');
const agreement = parsed.agreement;

const move = (
  id: number,
  from: string | null,
  to: string,
  over: Partial<RecordedMove> = {},
): RecordedMove => ({
  id,
  fromStage: from,
  toStage: to,
  at: new Date(NOW.getTime() + id * 60_000),
  actorType: 'system',
  actorId: null,
  actorLabel: 'agreement',
  reasonCode: null,
  ...over,
});
const rejection = (id: number, from = 'mql', to = 'nurture') =>
  move(id, from, to, {
    actorType: 'user',
    actorId: 'u-rep',
    actorLabel: 'rep@acme.com',
    reasonCode: 'not_interested',
  });

function rejectedLead(): EngineLead {
  const profile = { ...emptyLeadProfile(), firstName: 'Dana', lastName: 'Dispute' };
  const state = enterSideStage({ ...newLeadState(agreement, profile, NOW), stage: 'pql' }, 'nurture', NOW, {
    recyclable: true,
    reasonCode: 'not_interested',
  });
  return {
    id: 'lead-1',
    profile,
    phone: null,
    website: null,
    accountId: null,
    ownerId: null,
    state,
    counters: { daily: {}, lifetime: {} },
    usage: {},
    createdAt: NOW,
    lastActivityAt: null,
    scoredVersion: 1,
    fallOutAt: null,
  };
}

describe('disputableRejection', () => {
  it("finds the person's rejection that put the lead where it is", () => {
    const check = disputableRejection('nurture', [
      move(1, null, 'lead'),
      move(2, 'lead', 'mql'),
      rejection(3),
    ]);
    expect(check).toMatchObject({
      ok: true,
      rejection: { id: 3, fromStage: 'mql', reasonCode: 'not_interested' },
    });
  });

  it('refuses a lead nobody rejected, or one that moved on since', () => {
    expect(disputableRejection('mql', [move(1, null, 'lead'), move(2, 'lead', 'mql')])).toMatchObject({
      ok: false,
      code: 'not_rejected',
    });
    // Fell out of mql by the agreement: no person rejected it.
    expect(disputableRejection('nurture', [move(2, 'lead', 'mql'), move(3, 'mql', 'nurture')]).ok).toBe(
      false,
    );
    // Rejected, then re-qualified and back in mql.
    expect(disputableRejection('mql', [rejection(3), move(4, 'nurture', 'mql')]).ok).toBe(false);
    // A move from nurture to disqualified by hand is not a rejection of a qualified lead.
    expect(
      disputableRejection('disqualified', [rejection(3), rejection(4, 'nurture', 'disqualified')]).ok,
    ).toBe(false);
  });
});

describe('planReversal', () => {
  const dispute = {
    id: 'd1',
    rejectedFrom: 'pql',
    rejectedTo: 'nurture',
    reasonCode: 'not_interested',
    openedByLabel: 'Maria',
  };
  const by = {
    actor: { type: 'user' as const, id: 'u-mgr', label: 'Morgan' },
    now: NOW,
    agreementVersion: 3,
    note: 'fair',
  };

  it('moves the lead back to the stage it was rejected from, with the reversal reason code', () => {
    const plan = planReversal(rejectedLead(), dispute, by);
    expect(plan).toMatchObject({
      ok: true,
      state: { stage: 'pql', stageEnteredAt: NOW, rejectReason: null, recyclable: false },
      transition: {
        fromStage: 'nurture',
        toStage: 'pql',
        reasonCode: REVERSAL_REASON_CODE,
        actorType: 'user',
        actorLabel: 'Morgan',
        note: 'fair',
        agreementVersion: 3,
      },
    });
  });

  it('refuses once the lead has left the stage the rejection put it in', () => {
    const lead = rejectedLead();
    const moved = { ...lead, state: { ...lead.state, stage: 'mql' as const } };
    expect(planReversal(moved, dispute, by)).toMatchObject({ ok: false, code: 'lead_moved' });
  });
});
