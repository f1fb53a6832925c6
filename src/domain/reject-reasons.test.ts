import { describe, expect, it } from 'vitest';
import { defaultAgreement } from './default-agreement.js';
import { REJECT_REASONS } from './reject-codes.js';
import { parseAgreement } from './agreement.js';
import { rejectionOutcome } from './stage-moves.js';
import { coolOffDays } from './qualification.js';
import {
  type RejectReasonCodeRow,
  decideReasonChange,
  listRejectReasons,
  withWorkspaceReasons,
} from './reject-reasons.js';

const parsed = parseAgreement(defaultAgreement());
if (!parsed.ok) throw new Error('default agreement invalid');
const base = parsed.agreement;

const custom: RejectReasonCodeRow = {
  code: 'competitor',
  label: 'Works for a competitor',
  isBuiltIn: false,
  destination: 'disqualified',
  coolOffDays: null,
  noteRequired: true,
};
const later: RejectReasonCodeRow = {
  code: 'call_next_year',
  label: 'Call next year',
  isBuiltIn: false,
  destination: 'nurture',
  coolOffDays: 365,
  noteRequired: false,
};
const renamed: RejectReasonCodeRow = {
  code: 'not_a_fit',
  label: 'Outside our ICP',
  isBuiltIn: true,
  destination: null,
  coolOffDays: null,
  noteRequired: null,
};

describe('withWorkspaceReasons', () => {
  const merged = withWorkspaceReasons(base, [custom, later, renamed]);

  it('lists built-ins first (renamed where the admin renamed them), then custom codes by label', () => {
    const list = listRejectReasons(merged);
    expect(list.map((r) => r.code)).toEqual([...REJECT_REASONS, 'call_next_year', 'competitor']);
    expect(list[0]).toMatchObject({ label: 'Outside our ICP', to: 'disqualified', isBuiltIn: true });
    expect(list.at(-1)).toMatchObject({
      to: 'disqualified',
      recyclable: false,
      noteRequired: true,
      isBuiltIn: false,
    });
  });

  it('leaves the agreement it was given as it was', () => {
    expect(base.feedback.rejectReasons.not_a_fit.label).toBe('Not a fit');
    expect(Object.keys(base.feedback.rejectReasons)).not.toContain('competitor');
  });

  it('lets a rejection use a custom code, with its note rule and destination', () => {
    expect(rejectionOutcome(merged, 'competitor', null)).toMatchObject({ ok: false, code: 'note_required' });
    expect(rejectionOutcome(merged, 'competitor', 'works at Initech')).toMatchObject({
      ok: true,
      to: 'disqualified',
      recyclable: false,
      label: 'Works for a competitor',
    });
    expect(rejectionOutcome(base, 'competitor', 'x')).toMatchObject({ ok: false, code: 'unknown_reason' });
  });

  it("applies a custom nurture code's cool-off when the lead is recycled", () => {
    expect(rejectionOutcome(merged, 'call_next_year', null)).toMatchObject({
      to: 'nurture',
      coolOffDays: 365,
    });
    const context = { recycledAt: new Date(), recyclable: true, rejectReason: 'call_next_year' };
    expect(coolOffDays(merged, context)).toBe(365);
    expect(coolOffDays(base, context)).toBe(base.recycling.coolOffDays);
  });
});

describe('decideReasonChange', () => {
  it('refuses a new code that is a built-in or already exists', () => {
    const make = (code: string) =>
      decideReasonChange([custom], {
        kind: 'create',
        code,
        label: 'x',
        to: 'nurture',
        coolOffDays: null,
        noteRequired: false,
      });
    expect(make('duplicate')).toMatchObject({ ok: false, code: 'conflict', field: 'code' });
    expect(make('competitor')).toMatchObject({ ok: false, code: 'conflict', field: 'code' });
    expect(make('fresh_code')).toMatchObject({ ok: true, row: { code: 'fresh_code', isBuiltIn: false } });
  });

  it('renames a built-in code and refuses any other change to it', () => {
    expect(decideReasonChange([], { kind: 'update', code: 'other', label: 'Something else' })).toEqual({
      ok: true,
      row: { ...renamed, code: 'other', label: 'Something else' },
    });
    expect(decideReasonChange([], { kind: 'update', code: 'other', noteRequired: false })).toMatchObject({
      ok: false,
      code: 'built_in',
      field: 'noteRequired',
    });
  });

  it('updates a custom code, dropping the cool-off when it now disqualifies', () => {
    const r = decideReasonChange([later], { kind: 'update', code: 'call_next_year', to: 'disqualified' });
    expect(r).toMatchObject({ ok: true, row: { destination: 'disqualified', coolOffDays: null } });
    expect(decideReasonChange([], { kind: 'update', code: 'nope', label: 'x' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
