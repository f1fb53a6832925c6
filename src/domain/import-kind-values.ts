// The values of the history kinds an import reads that need the agreement or a vocabulary: an
// opportunity's stage from a CRM's wording, and a lifecycle stage from a key or a CRM's label.
import type { Agreement } from './agreement.js';
import { findOpportunityStage, firstStageWith, opportunityStagesOf } from './opportunities.js';
import { MAIN_STAGES, type Stage, isStage } from './stages.js';

const WORDING: Record<string, 'won' | 'lost' | 'open'> = {
  won: 'won',
  'closed won': 'won',
  closedwon: 'won',
  'closed-won': 'won',
  lost: 'lost',
  'closed lost': 'lost',
  closedlost: 'lost',
  'closed-lost': 'lost',
  open: 'open',
};

/**
 * The agreement's opportunity stage a file's value means: the preset's own wording first (to a
 * stage, or to won/lost/open), then a stage of the agreement by name, then plain won/lost/open
 * wording ("Closed Won", "lost"…), which goes to the agreement's first stage of that outcome.
 */
export function resolveOpportunityStage(
  agreement: Agreement,
  raw: string,
  wording: Readonly<Record<string, string>> = {},
): { stage: string } | { reason: string } {
  const value = raw.trim().toLowerCase();
  const mapped = Object.entries(wording).find(([k]) => k.trim().toLowerCase() === value)?.[1];
  const target = (mapped ?? raw).trim();
  const named = findOpportunityStage(agreement, target);
  if (named) return { stage: named.name };
  const outcome = WORDING[target.toLowerCase()];
  if (outcome) return { stage: firstStageWith(agreement, outcome).name };
  const names = opportunityStagesOf(agreement).map((s) => s.name);
  return {
    reason: `stage "${raw}" is not an opportunity stage of the agreement (${names.join(', ')}) nor won, lost or open`,
  };
}

const LABELS: Record<string, Stage> = {
  'marketing qualified lead': 'mql',
  marketingqualifiedlead: 'mql',
  'product qualified lead': 'pql',
  productqualifiedlead: 'pql',
  'sales accepted lead': 'sal',
  salesacceptedlead: 'sal',
  'sales qualified lead': 'sql',
  salesqualifiedlead: 'sql',
  'closed won': 'customer',
  won: 'customer',
  'closed lost': 'lost',
  recycled: 'nurture',
  unqualified: 'disqualified',
};

/** A lifecycle stage from its key (`mql`) or a CRM's label ("Marketing Qualified Lead"); null if none. */
export function resolveLifecycleStage(raw: string): Stage | null {
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
  if (isStage(value)) return value;
  return LABELS[value] ?? null;
}

/** The main stages in funnel order, for stage dates given as columns of one row. */
export const STAGE_ORDER: readonly Stage[] = MAIN_STAGES;
