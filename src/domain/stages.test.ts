import { describe, expect, it } from 'vitest';
import { isQualifiedOrBeyond, isSideStage, isStage, MAIN_STAGES, SIDE_STAGES, STAGES } from './stages.js';

describe('stages', () => {
  it('lists the main path in order, then the side states', () => {
    expect(STAGES).toEqual([
      'lead',
      'mql',
      'pql',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'nurture',
      'disqualified',
      'lost',
    ]);
  });

  it('tells side states from main stages', () => {
    for (const s of SIDE_STAGES) expect(isSideStage(s)).toBe(true);
    for (const s of MAIN_STAGES) expect(isSideStage(s)).toBe(false);
  });

  it('recognises stage keys and rejects anything else', () => {
    expect(isStage('sal')).toBe(true);
    expect(isStage('SAL')).toBe(false);
    expect(isStage('won')).toBe(false);
  });

  it('counts mql, pql and everything after them as qualified, but not lead or side states', () => {
    expect(STAGES.filter(isQualifiedOrBeyond)).toEqual([
      'mql',
      'pql',
      'sal',
      'sql',
      'opportunity',
      'customer',
    ]);
  });
});
