// What the people really are (latent buying quality and intent) and what sales does with them once
// Tandem qualifies them: accept or reject with a reason, SQL, opportunity, won or lost.
//
// The truth here is deliberately close to, but not the same as, the default agreement's fit rules
// (healthcare buys although it is not a "target industry"; enterprises convert less often but pay
// more), so calibration reports and predictive models have something real to find.
import type { RejectReason } from '../domain/agreement.js';
import { chance, integer, logNormal, logistic, normal, pick, weighted } from './distributions.js';
import type { Account } from './firmographics.js';
import type { JobFunction, Person, Seniority } from './people.js';
import { type Random, randomFor } from './random.js';

export interface Latent {
  /** 0..1: how good a customer this person's company would be and how able they are to buy. */
  quality: number;
  /** Has a buying project now. */
  inMarket: boolean;
  /** 0..1: how much they engage with marketing at all. */
  engagement: number;
  /** Will ask for sales (demo request, contact sales) at some point. */
  handRaise: boolean;
  /** Will start a product trial. */
  trial: boolean;
}

const SENIORITY_WEIGHT: Record<Seniority, number> = {
  c_level: 0.9,
  vp: 1.1,
  director: 0.9,
  manager: 0.4,
  individual_contributor: -0.6,
};
const FUNCTION_WEIGHT: Record<JobFunction, number> = {
  marketing: 0.8,
  sales: 0.7,
  operations: 0.9,
  executive: 0.6,
  engineering: -0.3,
  it: -0.2,
  finance: -0.4,
  other: -1.1,
};
const INDUSTRY_WEIGHT: Record<string, number> = {
  Software: 0.5,
  Internet: 0.4,
  'Financial Services': 0.3,
  'Information Technology': 0.2,
  Healthcare: 0.45,
  Manufacturing: 0.2,
  'Professional Services': 0.1,
  'Marketing & Advertising': 0.2,
  Retail: -0.1,
  Education: -0.6,
  'Non-profit': -0.8,
  Government: -0.7,
  Logistics: 0.1,
  'Real Estate': -0.2,
  Telecommunications: 0.1,
};
const SERVED = new Set(['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'SE', 'AU', 'SG', 'JP']);

function sizeWeight(employees: number): number {
  if (employees <= 10) return -1.2;
  if (employees <= 50) return -0.2;
  if (employees <= 200) return 0.5;
  if (employees <= 1000) return 0.7;
  if (employees <= 5000) return 0.4;
  return -0.1;
}

/** The hidden truth about one person, drawn once from their own stream. */
export function latentOf(r: Random, account: Account, person: Person, channelQuality: number): Latent {
  const score =
    SENIORITY_WEIGHT[person.seniority] +
    FUNCTION_WEIGHT[person.jobFunction] +
    sizeWeight(account.employees) +
    (INDUSTRY_WEIGHT[account.industry] ?? 0) +
    (SERVED.has(person.country) ? 0.2 : ['IN', 'BR', 'MX'].includes(person.country) ? -0.4 : -0.1) +
    (person.isFreeEmail ? -0.9 : 0) +
    2 * Math.log(channelQuality) +
    normal(r, 0, 0.5);
  const quality = logistic(score - 1.6);
  const inMarket = chance(r, 0.03 + 0.35 * quality);
  const engagement = logistic(normal(r, -1.1 + (inMarket ? 1.6 : 0) + 0.8 * quality, 0.8));
  return {
    quality,
    inMarket,
    engagement,
    handRaise: inMarket ? chance(r, 0.4 + 0.25 * quality) : chance(r, 0.012),
    trial: chance(r, inMarket ? 0.35 : 0.05 + 0.05 * engagement),
  };
}

// ------------------------------------------------------------------------------------------------
// Sales

/** How Tandem qualified the lead: the generator answers a hand-raise differently from a score. */
export interface Qualification {
  stage: 'mql' | 'pql';
  isHandRaise: boolean;
}

export type OpportunityStage =
  'Discovery' | 'Solution Demo' | 'Proposal' | 'Negotiation' | 'Closed Won' | 'Closed Lost';

export const OPPORTUNITY_STAGES: { stage: OpportunityStage; probability: number; upTo: number }[] = [
  { stage: 'Discovery', probability: 0.1, upTo: 0.2 },
  { stage: 'Solution Demo', probability: 0.25, upTo: 0.45 },
  { stage: 'Proposal', probability: 0.5, upTo: 0.7 },
  { stage: 'Negotiation', probability: 0.75, upTo: Infinity },
];

export interface OpportunityPlan {
  /** After the lead became an SQL. */
  afterMs: number;
  amount: number;
  /** From creation to close. */
  cycleMs: number;
  isWon: boolean;
  lostReason: string | null;
}

export type SalesPlan =
  | { decision: 'reject'; respondAfterMs: number; reason: RejectReason; note: string | null }
  | {
      decision: 'accept';
      respondAfterMs: number;
      /** Accepted, worked, and then: an SQL after `afterMs`, or back to nurture after `afterMs`. */
      next:
        | { kind: 'sql'; afterMs: number; opportunity: OpportunityPlan | null; stallAfterMs: number }
        | { kind: 'nurture'; afterMs: number; why: string };
    };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Everything a rep would see on the lead to decide, in one object. */
export interface SalesView {
  account: Account;
  person: Person;
  latent: Latent;
}

const OTHER_NOTES = [
  'Student working on a thesis about lead scoring.',
  'Competitor doing research.',
  'Already a customer through their parent company.',
  'Agency asking on behalf of an unnamed client.',
];
const WRONG_CONTACT_NOTES = [
  'Not a decision maker; asked to be introduced to their Head of RevOps.',
  'Intern collecting vendor info for their manager.',
  'Engineer evaluating the API only; no buying role.',
];

function rejectReason(r: Random, v: SalesView): { reason: RejectReason; note: string | null } {
  const { person, account, latent } = v;
  const weights: Record<RejectReason, number> = {
    not_a_fit: 1 + (1 - latent.quality) * 3 + (person.jobFunction === 'other' ? 2 : 0),
    wrong_size: account.employees <= 10 ? 4 : account.employees > 20_000 ? 1.5 : 0.2,
    wrong_contact: person.seniority === 'individual_contributor' ? 3 : 0.3,
    not_interested: latent.inMarket ? 0.3 : 2.5,
    no_budget_timing: latent.inMarket ? 1 : 2,
    duplicate: 0.25,
    bad_data: person.isFreeEmail ? 1.2 : 0.15,
    other: 0.3,
  };
  const reason = weighted(weights).draw(r);
  const note =
    reason === 'other'
      ? pick(r, OTHER_NOTES)
      : reason === 'wrong_contact'
        ? pick(r, WRONG_CONTACT_NOTES)
        : null;
  return { reason, note };
}

/** Annual contract value: grows with head-count, with the spread real deal desks see. */
function amountOf(r: Random, employees: number): number {
  const median = 3_500 * Math.pow(Math.max(employees, 5), 0.36);
  return Math.max(1_200, Math.round(logNormal(r, median, 0.45) / 500) * 500);
}

const LOST_REASONS = ['Chose a competitor', 'No decision', 'Price', 'Timing', 'Building it in-house'];

/**
 * What sales does when Tandem qualifies this person (the `attempt`-th time, 0-based). Drawn from
 * a stream of its own, so the same lead gets the same answer however the load is run.
 */
export function salesPlanFor(
  seed: number,
  index: number,
  attempt: number,
  v: SalesView,
  q: Qualification,
): SalesPlan {
  const r = randomFor(seed, 'sales', index, attempt);
  const { latent, account } = v;
  // Most reps answer within hours; some leads wait days (the SLA reports should show breaches).
  const respondAfterMs = chance(r, 0.12) ? logNormal(r, 30 * HOUR, 0.6) : logNormal(r, 2.5 * HOUR, 0.9);
  const acceptLogit =
    -0.7 +
    2.6 * latent.quality +
    (latent.inMarket ? 1.1 : -0.4) +
    (q.isHandRaise ? 0.9 : 0) +
    (q.stage === 'pql' ? 0.3 : 0);
  if (!chance(r, logistic(acceptLogit))) {
    return { decision: 'reject', respondAfterMs, ...rejectReason(r, v) };
  }
  const sqlChance = latent.inMarket ? 0.5 + 0.35 * latent.quality : 0.08 + 0.12 * latent.quality;
  if (!chance(r, sqlChance)) {
    return {
      decision: 'accept',
      respondAfterMs,
      next: {
        kind: 'nurture',
        afterMs: integer(r, 4, 25) * DAY,
        why: pick(r, [
          'No project this quarter',
          'Went dark after first call',
          'Just researching',
          'Budget frozen',
        ]),
      },
    };
  }
  const employees = account.employees;
  const cycleMedianDays = 18 + 11 * Math.pow(Math.log10(Math.max(employees, 10)), 1.6);
  const winLogit =
    -1.3 +
    2.4 * latent.quality +
    (latent.inMarket ? 0.5 : 0) -
    0.3 * Math.log10(Math.max(employees, 10) / 200);
  const isWon = chance(r, logistic(winLogit));
  const opportunity: OpportunityPlan | null = chance(r, 0.9)
    ? {
        afterMs: logNormal(r, 2 * DAY, 0.8),
        amount: amountOf(r, employees),
        cycleMs: logNormal(r, cycleMedianDays, 0.4) * DAY,
        isWon,
        lostReason: isWon ? null : pick(r, LOST_REASONS),
      }
    : null;
  return {
    decision: 'accept',
    respondAfterMs,
    next: {
      kind: 'sql',
      afterMs: logNormal(r, 6 * DAY, 0.7),
      opportunity,
      stallAfterMs: integer(r, 15, 40) * DAY,
    },
  };
}

/** The stage and probability an open opportunity shows, by how far through its cycle it is. */
export function openStage(progress: number): { stage: OpportunityStage; probability: number } {
  const s =
    OPPORTUNITY_STAGES.find((x) => progress < x.upTo) ?? OPPORTUNITY_STAGES[OPPORTUNITY_STAGES.length - 1]!;
  return { stage: s.stage, probability: s.probability };
}
