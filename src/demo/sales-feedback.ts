// The sales side of the generated history: once Tandem qualifies a lead, its owner answers (accept,
// or reject with a reason), converts accepted leads in the CRM, opens opportunities, wins or loses.
//
// Every move goes through Tandem's own services, each at the simulated moment it happens, so SLA
// clocks, reason codes, notifications and webhooks are recorded as a live workspace would record
// them: accept/reject (with the call or e-mail before it) and the one move no CRM status maps
// (SQL → opportunity) through the hand-moves service, conversions and closes as CRM status changes
// mapped by the agreement. Between two ingestion batches (at most a simulated day) sales' moves are
// sent together, as a CRM sync or a rep working through the inbox would, and the SLA worker runs once.
import { type CrmStatusChange, applyCrmStatusChanges } from '../services/crm-status.js';
import type { Deps } from '../services/deps.js';
import { slaTick } from '../jobs/sla.js';
import { loadActiveAgreement } from '../services/agreements.js';
import { type HandMove, applyHandMoves } from '../services/feedback.js';
import type { DisputeDecision } from '../domain/lead-feedback.js';
import { AppError } from '../domain/errors.js';
import { disputeRejection } from '../services/dispute-rejection.js';
import { resolveDispute } from '../services/resolve-dispute.js';
import { randomFor } from './random.js';
import type { Principal } from '../services/principal.js';
import { type User, listUsers } from '../store/users.js';
import { MinHeap } from './heap.js';
import { type OpportunityPlan, type SalesPlan, openStage } from './outcomes.js';
import {
  type LeadOwnership,
  findLeadOwnerships,
  listQualificationsSince,
  nextRunningClockFire,
} from '../store/demo-reads.js';
import { insertOpportunity } from '../store/opportunities.js';
import type { LeadPersona } from './population.js';
import { regionOfTimeZone } from './sales-team.js';
import type { GeneratedWorkspace } from './workspace.js';

type SalesDeps = Deps;

export interface SalesStats {
  qualified: number;
  accepted: number;
  rejected: number;
  sqls: number;
  opportunities: number;
  won: number;
  lost: number;
  /** Qualifications of leads that had been qualified before (recycled and back). */
  requalified: number;
  /** Moves Tandem refused because the lead had moved on meanwhile (merged, re-qualified…). */
  skipped: number;
  /** Times the SLA worker ran on the simulated clock (warnings, breaches, escalations). */
  slaFirings: number;
  /** Qualified leads sales has not answered yet (qualified after `answerQualifiedBefore`). */
  waiting: number;
  /** Rejections marketing disputed, and how the sales manager decided (the rest are open). */
  disputed: number;
  upheld: number;
  reversed: number;
}

type AcceptPlan = Extract<SalesPlan, { decision: 'accept' }>;
type Step =
  | { kind: 'respond'; plan: SalesPlan; isHandRaise: boolean; handedOffAt: number }
  | { kind: 'sql'; plan: AcceptPlan }
  | { kind: 'not-converted'; why: string }
  | { kind: 'stalled' }
  | { kind: 'opportunity'; opportunity: OpportunityPlan }
  | { kind: 'close'; opportunity: OpportunityPlan }
  | { kind: 'dispute'; note: string; decision: DisputeDecision | null; decideAfterMs: number }
  | { kind: 'decide'; disputeId: string; decision: DisputeDecision };

interface Agenda {
  leadId: string;
  persona: LeadPersona;
  step: Step;
}

export interface SalesSide {
  /** Finds the leads Tandem qualified since the last call and puts sales' answers on the agenda. */
  noticeQualifications(): Promise<void>;
  /** Does everything on the agenda due at or before `ms`, each at its own moment. */
  runUntil(ms: number): Promise<void>;
  readonly stats: SalesStats;
}

const DAY = 86_400_000;
const userPrincipal = (workspaceId: string, u: User): Principal => ({
  kind: 'user',
  workspaceId,
  userId: u.id,
  role: u.role,
  label: u.name,
  sessionId: 'workspace-generator',
  csrfToken: '',
});

export async function createSalesSide(
  deps: SalesDeps,
  workspaceId: string,
  generator: GeneratedWorkspace,
  opts: {
    /**
     * Run the SLA worker on the simulated clock (warnings, breaches, escalations happen when they
     * would have). Its claim is not per workspace, so only when no other workspace has clocks running.
     */
    fireSlaClocks: boolean;
    /**
     * Sales answers only leads qualified before this moment; later ones stay in the owners' inboxes
     * with their SLA clocks running (the demo opens on a morning with work waiting).
     */
    answerQualifiedBefore?: number;
  },
): Promise<SalesSide> {
  const users = (await listUsers(deps.db, workspaceId)).filter((u) => !u.disabledAt);
  const manager = users.find((u) => u.role === 'sales_manager') ?? users.find((u) => u.role === 'admin');
  if (!manager) throw new Error(`workspace ${workspaceId} has no sales manager or admin to answer leads`);
  const byId = new Map(users.map((u) => [u.id, u]));
  const reps = users.filter((u) => u.role === 'sales_rep');
  const marketer = users.find((u) => u.role === 'marketing');
  const { agreement } = await loadActiveAgreement(deps.db, workspaceId);
  const handRaiseRules = new Set(agreement.qualification.handRaises.map((h) => h.id));
  const endMs = generator.schedule.endMs;

  const agenda = new MinHeap<Agenda>();
  const attempts = new Map<number, number>();
  const stats: SalesStats = {
    qualified: 0,
    accepted: 0,
    rejected: 0,
    sqls: 0,
    opportunities: 0,
    won: 0,
    lost: 0,
    requalified: 0,
    skipped: 0,
    slaFirings: 0,
    waiting: 0,
    disputed: 0,
    upheld: 0,
    reversed: 0,
  };
  let lastTransitionId = 0;
  let lastQualifiedAt = 0;

  async function noticeQualifications(): Promise<void> {
    const rows = await listQualificationsSince(
      deps.db,
      workspaceId,
      new Date(lastQualifiedAt - 2 * DAY),
      lastTransitionId,
    );
    for (const row of rows) {
      lastTransitionId = Math.max(lastTransitionId, row.id);
      lastQualifiedAt = Math.max(lastQualifiedAt, row.at.getTime());
      const persona = row.userId ? generator.leadOfUserId(row.userId) : null;
      if (!persona) continue;
      if (opts.answerQualifiedBefore !== undefined && row.at.getTime() >= opts.answerQualifiedBefore) {
        stats.waiting++;
        continue;
      }
      const attempt = attempts.get(persona.index) ?? 0;
      attempts.set(persona.index, attempt + 1);
      if (attempt > 0) stats.requalified++;
      stats.qualified++;
      const isHandRaise = row.ruleId !== null && handRaiseRules.has(row.ruleId);
      const plan = generator.salesPlan(persona, attempt, { stage: row.toStage, isHandRaise });
      // Tandem routes the lead (and starts its clocks) when it ingests the batch, which may be after
      // the qualifying event: the owner answers counting from then.
      const handedOffAt = Math.max(row.at.getTime(), deps.clock().getTime());
      agenda.push(handedOffAt + plan.respondAfterMs, {
        leadId: row.leadId,
        persona,
        step: { kind: 'respond', plan, isHandRaise, handedOffAt },
      });
    }
  }

  /** Who works the lead now: its owner when it has an active one, else the sales manager. */
  function workerOf(lead: LeadOwnership | undefined): {
    principal: Principal;
    ownerId: string | null;
    accountId: string | null;
    /** When the current owner got the lead (null: it has none). */
    assignedAt: number | null;
  } {
    const owner = lead?.ownerId ? byId.get(lead.ownerId) : undefined;
    return {
      principal: userPrincipal(workspaceId, owner ?? manager!),
      ownerId: owner?.id ?? null,
      accountId: lead?.accountId ?? null,
      assignedAt: owner && lead?.assignedAt ? lead.assignedAt.getTime() : null,
    };
  }

  type Worker = ReturnType<typeof workerOf>;
  /** What to do once Tandem has taken a move (false: it refused, and the lead's story stops there). */
  type Then = (ok: boolean) => Promise<void> | void;

  /**
   * Sales' work due in one window, in time order: moves by hand and CRM status changes are each sent
   * as one batch, every move at its own moment. A lead's second move sends what is pending first, so
   * a batch moves each lead once (the clocks a move starts run from the batch's moment).
   */
  async function performWindow(due: { at: number; item: Agenda }[]): Promise<void> {
    const owners = await findLeadOwnerships(
      deps.db,
      workspaceId,
      due.map((d) => d.item.leadId),
    );
    let hand: { move: HandMove; then: Then }[] = [];
    let crm: { change: CrmStatusChange; then: Then }[] = [];
    const flush = async () => {
      if (hand.length > 0) {
        const batch = hand;
        hand = [];
        const latest = Math.max(...batch.map((h) => h.move.at.getTime()));
        const outcomes = await applyHandMoves(
          { ...deps, clock: () => new Date(latest) },
          workspaceId,
          batch.map((h) => h.move),
        );
        for (const [i, o] of outcomes.entries()) {
          if (!o.ok) stats.skipped++;
          await batch[i]!.then(o.ok);
        }
      }
      if (crm.length > 0) {
        const batch = crm;
        crm = [];
        const latest = Math.max(...batch.map((c) => c.change.occurredAt!.getTime()));
        const outcomes = await applyCrmStatusChanges(
          { ...deps, clock: () => new Date(latest) },
          workspaceId,
          batch.map((c) => c.change),
        );
        for (const [i, o] of outcomes.entries()) {
          const ok = o.outcome === 'moved';
          if (!ok) stats.skipped++;
          await batch[i]!.then(ok);
        }
      }
    };
    const addHand = async (move: HandMove, then: Then) => {
      if (
        hand.some((h) => h.move.leadId === move.leadId) ||
        crm.some((c) => c.change.lead.id === move.leadId)
      )
        await flush();
      hand.push({ move, then });
    };
    const addCrm = async (
      at: number,
      leadId: string,
      object: CrmStatusChange['object'],
      status: string,
      then: Then,
    ) => {
      if (hand.some((h) => h.move.leadId === leadId) || crm.some((c) => c.change.lead.id === leadId))
        await flush();
      crm.push({
        change: { lead: { id: leadId }, system: 'salesforce', object, status, occurredAt: new Date(at) },
        then,
      });
    };
    for (const { at, item } of due) {
      const { leadId, persona, step } = item;
      const later = (ms: number, next: Step) => {
        if (at + ms <= endMs) agenda.push(at + ms, { leadId, persona, step: next });
      };
      const worker = workerOf(owners.get(leadId));
      switch (step.kind) {
        case 'respond': {
          const { plan } = step;
          // The owner answers counting from when they got the lead: routing may have placed it later
          // (from the queue, after an escalation) than the batch that qualified it.
          const since = Math.max(step.handedOffAt, worker.assignedAt ?? 0);
          if (at < since + plan.respondAfterMs) {
            later(since + plan.respondAfterMs - at, { ...step, handedOffAt: since });
            break;
          }
          // The owner calls a hand-raise (and most leads they keep) before answering.
          const touchAt = Math.max(since + 60_000, at - 15 * 60_000);
          const touch =
            step.isHandRaise || plan.decision === 'accept'
              ? {
                  kind: step.isHandRaise ? ('call' as const) : ('email' as const),
                  note: null,
                  at: new Date(touchAt),
                }
              : undefined;
          await addHand(
            {
              principal: worker.principal,
              leadId,
              at: new Date(at),
              action:
                plan.decision === 'accept'
                  ? { kind: 'accept', note: null }
                  : { kind: 'reject', reason: plan.reason, note: plan.note },
              touch,
            },
            (ok) => {
              if (!ok) return;
              if (plan.decision === 'reject') {
                stats.rejected++;
                const dispute = disputeOf(persona.index, plan.reason);
                if (dispute) later(dispute.afterMs, dispute.step);
                return;
              }
              stats.accepted++;
              if (plan.next.kind === 'nurture')
                later(plan.next.afterMs, { kind: 'not-converted', why: plan.next.why });
              else later(plan.next.afterMs, { kind: 'sql', plan });
            },
          );
          break;
        }
        case 'not-converted':
          await addCrm(at, leadId, 'lead', 'Closed - Not Converted', () => undefined);
          break;
        case 'sql':
          await addCrm(at, leadId, 'lead', 'Closed - Converted', (ok) => {
            if (!ok) return;
            stats.sqls++;
            const next = step.plan.next;
            if (next.kind !== 'sql') return;
            if (next.opportunity)
              later(next.opportunity.afterMs, { kind: 'opportunity', opportunity: next.opportunity });
            else later(next.stallAfterMs, { kind: 'stalled' });
          });
          break;
        case 'stalled':
          await addHand(
            {
              principal: worker.principal,
              leadId,
              at: new Date(at),
              action: { kind: 'move', to: 'nurture', reason: 'Stalled after qualification' },
            },
            () => undefined,
          );
          break;
        case 'opportunity': {
          const o = step.opportunity;
          const reason = `Opportunity opened in the CRM: ${o.amount.toLocaleString('en-US')} USD`;
          await addHand(
            {
              principal: worker.principal,
              leadId,
              at: new Date(at),
              action: { kind: 'move', to: 'opportunity', reason },
            },
            async (ok) => {
              if (!ok) return;
              stats.opportunities++;
              await writeOpportunity(at, leadId, persona, o, worker);
              later(o.cycleMs, { kind: 'close', opportunity: o });
            },
          );
          break;
        }
        case 'dispute':
        case 'decide':
          // Rare (a few a month), and a conversation of their own: one call each, in time order.
          await flush();
          await settleDispute(at, leadId, step, later);
          break;
        case 'close': {
          const o = step.opportunity;
          await addCrm(at, leadId, 'opportunity', o.isWon ? 'Closed Won' : 'Closed Lost', (ok) => {
            if (ok) stats[o.isWon ? 'won' : 'lost']++;
          });
          break;
        }
      }
    }
    await flush();
  }

  /**
   * Whether marketing disputes a rejection (about one in eight, mostly "not a fit" and "wrong
   * company size", where marketing thinks sales is wrong), and what the sales manager decides: upheld,
   * reversed (the lead goes back to sales), or not yet.
   */
  function disputeOf(index: number, reason: string): { afterMs: number; step: Step } | null {
    if (!marketer) return null;
    const r = randomFor(generator.seed, 'dispute', index, stats.rejected);
    const odds = reason === 'not_a_fit' || reason === 'wrong_size' ? 0.2 : 0.08;
    if (r.next() >= odds) return null;
    const roll = r.next();
    const note =
      reason === 'not_a_fit'
        ? 'They match the ideal customer profile we agreed on.'
        : reason === 'wrong_size'
          ? 'The company size is in the range the agreement names.'
          : 'This one looked good on our side; can we talk it through?';
    return {
      afterMs: (1 + r.next() * 2) * DAY,
      step: {
        kind: 'dispute',
        note,
        decision: roll < 0.55 ? 'upheld' : roll < 0.85 ? 'reversed' : null,
        decideAfterMs: (1 + r.next() * 4) * DAY,
      },
    };
  }

  async function settleDispute(
    at: number,
    leadId: string,
    step: Extract<Step, { kind: 'dispute' | 'decide' }>,
    later: (ms: number, next: Step) => void,
  ): Promise<void> {
    const d = { ...deps, clock: () => new Date(at) };
    try {
      if (step.kind === 'dispute') {
        const dispute = await disputeRejection(d, userPrincipal(workspaceId, marketer!), leadId, {
          note: step.note,
        });
        stats.disputed++;
        if (step.decision)
          later(step.decideAfterMs, { kind: 'decide', disputeId: dispute.id, decision: step.decision });
        return;
      }
      const note = step.decision === 'reversed' ? 'Fair point: back to the rep.' : 'The reason stands.';
      await resolveDispute(d, userPrincipal(workspaceId, manager!), step.disputeId, {
        decision: step.decision,
        note,
      });
      stats[step.decision]++;
    } catch (err) {
      // The lead moved on meanwhile (re-qualified, converted): there is nothing left to dispute.
      if (err instanceof AppError && ['conflict', 'not_found'].includes(err.code)) stats.skipped++;
      else throw err;
    }
  }

  /** A rep of the lead's region when the lead has no owner (routing found no team for it). */
  function repFor(country: string): string | null {
    if (reps.length === 0) return null;
    const region = ['US', 'CA', 'MX', 'BR'].includes(country)
      ? 'AMER'
      : ['AU', 'SG', 'JP', 'IN'].includes(country)
        ? 'APAC'
        : 'EMEA';
    const local = reps.filter((r) => regionOfTimeZone(r.timeZone) === region);
    const pool = local.length > 0 ? local : reps;
    return pool[[...country].reduce((h, c) => h + c.charCodeAt(0), 0) % pool.length]!.id;
  }

  async function writeOpportunity(
    at: number,
    leadId: string,
    persona: LeadPersona,
    o: OpportunityPlan,
    worker: Pick<Worker, 'ownerId' | 'accountId'>,
  ): Promise<void> {
    const closeMs = at + o.cycleMs;
    const isClosed = closeMs <= endMs;
    const open = openStage((endMs - at) / o.cycleMs);
    const { person, account } = persona;
    await insertOpportunity(deps.db, workspaceId, {
      leadId,
      accountId: worker.accountId,
      ownerId: worker.ownerId ?? repFor(person.country),
      name: `${person.isFreeEmail ? `${person.firstName} ${person.lastName}` : account.name} — ${o.amount >= 40_000 ? 'Enterprise' : 'Growth'} plan`,
      amount: o.amount,
      currency: 'USD',
      source: persona.channel.key,
      isProbabilitySet: false,
      stage: isClosed ? (o.isWon ? 'Closed Won' : 'Closed Lost') : open.stage,
      probability: isClosed ? (o.isWon ? 1 : 0) : open.probability,
      isClosed,
      isWon: isClosed && o.isWon,
      createdAt: new Date(at),
      // A deal past its date slips a couple of weeks, as forecasts do.
      closeDate: new Date(isClosed ? closeMs : Math.max(closeMs, endMs + 14 * DAY)),
      closedAt: isClosed ? new Date(closeMs) : null,
      externalId: `gen-opp-${persona.index.toString(36)}-${Math.floor(at / 1000).toString(36)}`,
      externalSystem: 'salesforce',
    });
  }

  return {
    stats,
    noticeQualifications,
    async runUntil(ms) {
      // Sales' agenda up to `ms`, in windows; what a window schedules that is due by `ms` runs next.
      while ((agenda.peekKey() ?? Infinity) <= ms) {
        const due: { at: number; item: Agenda }[] = [];
        while ((agenda.peekKey() ?? Infinity) <= ms) {
          const at = agenda.peekKey()!;
          due.push({ at, item: agenda.pop()! });
        }
        await performWindow(due);
      }
      // Then the SLA worker, once, at `ms`: warnings and breaches due in the window are stamped then.
      if (!opts.fireSlaClocks) return;
      const next = await nextRunningClockFire(deps.db, workspaceId);
      if (!next || next.getTime() > ms) return;
      const SLA_BATCH = 100;
      while ((await slaTick({ ...deps, clock: () => new Date(ms) }, SLA_BATCH)) === SLA_BATCH);
      stats.slaFirings++;
    },
  };
}
