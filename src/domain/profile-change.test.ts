import { describe, expect, it } from 'vitest';
import { defaultAgreement } from './default-agreement.js';
import { emptyLeadProfile } from './lead-profile.js';
import { newLeadState } from './lifecycle.js';
import { reevaluateProfile } from './profile-change.js';
import { weightAt } from './engagement.js';

const agreement = defaultAgreement();
const epoch = new Date('2026-01-01T00:00:00Z');
const at = new Date('2026-03-01T12:00:00Z');
const vp = {
  ...emptyLeadProfile(),
  title: 'VP Marketing',
  titleFunction: 'marketing' as const,
  titleSeniority: 'vp' as const,
  employees: 400,
  emailDomainType: 'business' as const,
};

describe('a profile change without an event', () => {
  it('rescores fit and qualifies an engaged lead whose new title makes the cell qualify', () => {
    const engaged = {
      ...newLeadState(agreement, emptyLeadProfile(), at),
      engagementS: 70 * weightAt(at, epoch, agreement.engagement.halfLifeDays),
      lastContributionAt: at,
    };
    const before = reevaluateProfile(agreement, 1, epoch, engaged, emptyLeadProfile(), {}, at);
    expect(before.transitions).toEqual([]);
    const after = reevaluateProfile(agreement, 1, epoch, engaged, vp, {}, at);
    expect(after.state.fitGrade).not.toBe('D');
    expect(after.transitions).toHaveLength(1);
    expect(after.transitions[0]).toMatchObject({ from: 'lead', to: 'mql', at });
  });

  it('never demotes a lead past qualification when its fit drops', () => {
    const mql = { ...newLeadState(agreement, vp, at), stage: 'mql' as const };
    const r = reevaluateProfile(agreement, 1, epoch, mql, emptyLeadProfile(), {}, at);
    expect(r.state.stage).toBe('mql');
    expect(r.transitions).toEqual([]);
  });
});
