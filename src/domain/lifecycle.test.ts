import { describe, expect, it } from 'vitest';
import { defaultAgreement } from './default-agreement.js';
import { emptyLeadProfile } from './lead-profile.js';
import { enterSideStage, enterStage, newLeadState } from './lifecycle.js';

const a = defaultAgreement();

describe('entering stages', () => {
  const at = new Date('2025-06-01T10:00:00Z');
  const state = {
    ...newLeadState(a, emptyLeadProfile(), new Date('2025-01-01T00:00:00Z')),
    stage: 'mql' as const,
    engagementS: 42,
    freshS: 7,
  };

  it('a rejected lead goes to its side stage with its reason, the recycling clock started and fresh engagement reset', () => {
    expect(
      enterSideStage(state, 'nurture', at, { recyclable: true, reasonCode: 'no_budget_timing' }),
    ).toEqual({
      ...state,
      stage: 'nurture',
      stageEnteredAt: at,
      recycledAt: at,
      freshS: 0,
      recyclable: true,
      rejectReason: 'no_budget_timing',
    });
    expect(state.stage).toBe('mql');
  });

  it('an accepted lead keeps its scores and recycling history', () => {
    expect(enterStage(state, 'sal', at)).toEqual({ ...state, stage: 'sal', stageEnteredAt: at });
  });

  it('a new lead starts in lead with its fit already graded', () => {
    const s = newLeadState(
      a,
      {
        ...emptyLeadProfile(),
        titleSeniority: 'vp',
        titleFunction: 'sales',
        employees: 300,
        emailDomainType: 'business',
      },
      at,
    );
    const { stage, stageEnteredAt, fitGrade, fitPoints, ...rest } = s;
    expect({ stage, stageEnteredAt, fitGrade, fitPoints }).toEqual({
      stage: 'lead',
      stageEnteredAt: at,
      fitGrade: 'A',
      fitPoints: 65,
    });
    // No engagement, recycling or rejection yet: every other field is empty.
    expect(Object.entries(rest).filter(([, v]) => v !== null && v !== 0 && v !== false)).toEqual([]);
  });
});
