// The agreement a new workspace starts from: a sensible, documented B2B default both teams can edit.
// Its parts, each with why its numbers are what they are: the funnel (default-funnel.ts), scoring
// and qualification (default-scoring.ts), and the hand-off to sales (default-handoff.ts).
import type { Agreement } from './agreement.js';
import { defaultFunnel } from './default-funnel.js';
import { defaultHandoff } from './default-handoff.js';
import { defaultScoring } from './default-scoring.js';
import { DEFAULT_OPPORTUNITY_STAGES } from './opportunities.js';

/** A fresh copy each call: callers may change it. */
export function defaultAgreement(): Agreement {
  return {
    name: 'Default sales & marketing agreement',
    notes: 'Starting point: review every number with both teams before signing.',
    ...defaultFunnel(),
    ...defaultScoring(),
    ...defaultHandoff(),
    opportunities: { stages: DEFAULT_OPPORTUNITY_STAGES.map((s) => ({ ...s })) },
  };
}
