// Opportunities: the agreement's opportunity stages (default probabilities, open / won / lost),
// the currency codes Tandem accepts, and the lead stage an opportunity's outcome means.
import type { Agreement, OpportunityStage } from './agreement.js';
import { type EngineLead, type TransitionActor, type TransitionRow, transitionRow } from './engine-lead.js';
import { enterSideStage, enterStage } from './lifecycle.js';
import { isSideStage, type Stage } from './stages.js';

export type OpportunityOutcome = OpportunityStage['outcome'];

/** A common B2B sales process (Salesforce's default opportunity stages, trimmed). */
export const DEFAULT_OPPORTUNITY_STAGES: readonly OpportunityStage[] = [
  { name: 'Discovery', probability: 0.1, outcome: 'open' },
  { name: 'Solution Demo', probability: 0.25, outcome: 'open' },
  { name: 'Proposal', probability: 0.5, outcome: 'open' },
  { name: 'Negotiation', probability: 0.75, outcome: 'open' },
  { name: 'Closed Won', probability: 1, outcome: 'won' },
  { name: 'Closed Lost', probability: 0, outcome: 'lost' },
];

/** The agreement's opportunity stages, or the defaults when it names none (agreements older than them). */
export function opportunityStagesOf(agreement: Agreement): readonly OpportunityStage[] {
  return agreement.opportunities?.stages ?? DEFAULT_OPPORTUNITY_STAGES;
}

/** The agreement's stage of that name (case-insensitive), with its canonical spelling. */
export function findOpportunityStage(agreement: Agreement, name: string): OpportunityStage | null {
  const wanted = name.trim().toLowerCase();
  return opportunityStagesOf(agreement).find((s) => s.name.toLowerCase() === wanted) ?? null;
}

/** The first stage with that outcome: where a new opportunity starts, or where a won or lost deal goes. */
export function firstStageWith(agreement: Agreement, outcome: OpportunityOutcome): OpportunityStage {
  const stages = opportunityStagesOf(agreement);
  return (
    stages.find((s) => s.outcome === outcome) ??
    DEFAULT_OPPORTUNITY_STAGES.find((s) => s.outcome === outcome)!
  );
}

/**
 * The stage the lead behind an opportunity moves to when the opportunity is opened, won or lost,
 * or null when it stays: a customer is not pulled back by a new (upsell) opportunity.
 */
export function leadStageForOpportunity(outcome: OpportunityOutcome, leadStage: Stage): Stage | null {
  const to: Stage = outcome === 'won' ? 'customer' : outcome === 'lost' ? 'lost' : 'opportunity';
  if (leadStage === to) return null;
  if (outcome === 'open' && leadStage === 'customer') return null;
  return to;
}

/**
 * The lead's move when its opportunity opens, is won or is lost, as a CRM status change would make it
 * (a lost deal parks the lead in `lost`, recyclable after the cool-off); null when it stays.
 */
export function leadMoveForOpportunity(
  lead: EngineLead,
  outcome: OpportunityOutcome,
  move: { at: Date; actor: TransitionActor; reason: string; agreementVersion: number },
): { lead: EngineLead; transition: TransitionRow } | null {
  const to = leadStageForOpportunity(outcome, lead.state.stage);
  if (!to) return null;
  const at = new Date(Math.max(move.at.getTime(), lead.state.stageEnteredAt.getTime()));
  const state = isSideStage(to)
    ? enterSideStage(lead.state, to, at, { recyclable: true, reasonCode: null })
    : enterStage(lead.state, to, at);
  return {
    lead: { ...lead, state },
    transition: transitionRow({
      from: lead.state.stage,
      to,
      at,
      actor: move.actor,
      reason: move.reason,
      agreementVersion: move.agreementVersion,
    }),
  };
}

/** An opportunity outcome a lead stage means, for CRM status changes mapped to those stages. */
export function outcomeOfLeadStage(stage: Stage): OpportunityOutcome | null {
  if (stage === 'opportunity') return 'open';
  if (stage === 'customer') return 'won';
  if (stage === 'lost') return 'lost';
  return null;
}

// ISO 4217 codes the runtime knows (Intl), so every amount Tandem stores can also be formatted.
const CURRENCIES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['USD', 'EUR', 'GBP'],
);

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

/**
 * Why an amount in `code` cannot be stored in a workspace reporting in `workspace` (null when it can).
 * A workspace has one currency and Tandem converts nothing: every sum a report makes is then a sum
 * of like amounts, and a deal in another currency is refused where it comes in, naming the field.
 */
export function currencyProblem(code: string, workspace: string): string | null {
  return code === workspace
    ? null
    : `must be the workspace's currency (${workspace}): amounts in ${code} are not converted`;
}

/** The workspace's currency (settings.currency) when it names a valid one, else USD. */
export function workspaceCurrency(settings: Record<string, unknown>): string {
  const c = settings['currency'];
  return typeof c === 'string' && isCurrencyCode(c.toUpperCase()) ? c.toUpperCase() : 'USD';
}
