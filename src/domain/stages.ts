// The funnel's stage keys: the main path a lead walks and the side states it can be parked in.

export const MAIN_STAGES = ['lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'customer'] as const;
export const SIDE_STAGES = ['nurture', 'disqualified', 'lost'] as const;
export const STAGES = [...MAIN_STAGES, ...SIDE_STAGES] as const;

export type MainStage = (typeof MAIN_STAGES)[number];
export type SideStage = (typeof SIDE_STAGES)[number];
export type Stage = (typeof STAGES)[number];

/** The stages a lead qualifies into; mql and pql are two doors into the same room. */
export const QUALIFIED_STAGES = ['mql', 'pql'] as const;
export type QualifiedStage = (typeof QUALIFIED_STAGES)[number];

/** A rep's open leads: qualified or accepted, not yet converted, recycled or lost (what capacity counts). */
export const OPEN_STAGES = [...QUALIFIED_STAGES, 'sal'] as const;

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

export function isSideStage(stage: Stage): stage is SideStage {
  return (SIDE_STAGES as readonly string[]).includes(stage);
}

// mql and pql share a rank: neither is "after" the other.
const MAIN_RANK: Record<MainStage, number> = {
  lead: 0,
  mql: 1,
  pql: 1,
  sal: 2,
  sql: 3,
  opportunity: 4,
  customer: 5,
};

/** Is the lead already qualified or further down the main path (mql, pql, sal, …, customer)? */
export function isQualifiedOrBeyond(stage: Stage): boolean {
  return !isSideStage(stage) && MAIN_RANK[stage] >= MAIN_RANK.mql;
}
