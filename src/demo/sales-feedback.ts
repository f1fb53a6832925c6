// The sales side of the generated history: once Tandem qualifies a lead, its owner answers (accept,
// or reject with a reason), converts accepted leads in the CRM, opens opportunities, wins or loses.
//
// Every move goes through Tandem's own services at the simulated moment it happens, so SLA clocks,
// reason codes, notifications and webhooks are recorded as a live workspace would record them:
// accept/reject through the hand-off's feedback service (`applySalesFeedback`), conversions and
// closes as CRM status changes mapped by the agreement, the one move no CRM status maps
// (SQL → opportunity) as a stage move by the owner.
import type { RejectReason } from '../domain/agreement.js';
import { AppError } from '../domain/errors.js';
import { loadActiveAgreement } from '../services/agreements.js';
import { type CrmStatusChange, applyCrmStatusChanges } from '../services/crm-status.js';
import type { Deps } from '../services/deps.js';
import { slaTick } from '../jobs/sla.js';
import { acceptLead, logTouch, moveLeadStage, rejectLead } from '../services/feedback.js';
import type { Principal } from '../services/principal.js';
import { type User, listUsers } from '../store/users.js';
import { MinHeap } from './heap.js';
import { type OpportunityPlan, type SalesPlan, openStage } from './outcomes.js';
import { findLeadOwnership, listQualificationsSince, nextRunningClockFire } from '../store/demo-reads.js';
import { insertOpportunity } from '../store/opportunities.js';
import type { LeadPersona } from './population.js';
import { regionOfTimeZone } from './sales-team.js';
import type { GeneratedWorkspace } from './workspace.js';

type SalesDeps = Deps;

export type SalesFeedback =
  { kind: 'accept' } | { kind: 'reject'; reason: RejectReason; note: string | null };

/**
 * Sales' answer on a qualified lead, given by `actor` (the owner, or a manager) at `deps.clock()`,
 * through the same service as the Accept and Reject buttons.
 */
export async function applySalesFeedback(
  deps: SalesDeps,
  actor: Principal,
  leadId: string,
  feedback: SalesFeedback,
): Promise<void> {
  if (feedback.kind === 'accept') await acceptLead(deps, actor, leadId, null);
  else await rejectLead(deps, actor, leadId, { reason: feedback.reason, note: feedback.note });
}

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
}

type AcceptPlan = Extract<SalesPlan, { decision: 'accept' }>;
type Step =
  | { kind: 'respond'; plan: SalesPlan; isHandRaise: boolean; handedOffAt: number }
  | { kind: 'sql'; plan: AcceptPlan }
  | { kind: 'not-converted'; why: string }
  | { kind: 'stalled' }
  | { kind: 'opportunity'; opportunity: OpportunityPlan }
  | { kind: 'close'; opportunity: OpportunityPlan };

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

  /** Runs one piece of work at `at`; false when Tandem refused it (the chain stops there). */
  async function tryAt(at: number, work: (d: SalesDeps) => Promise<boolean | void>): Promise<boolean> {
    try {
      const ok = await work({ ...deps, clock: () => new Date(at) });
      if (ok === false) stats.skipped++;
      return ok !== false;
    } catch (err) {
      if (
        err instanceof AppError &&
        ['transition_not_allowed', 'not_found', 'forbidden'].includes(err.code)
      ) {
        stats.skipped++;
        return false;
      }
      throw err;
    }
  }

  const crm = (at: number, leadId: string, object: CrmStatusChange['object'], status: string) =>
    tryAt(at, async (d) => {
      const [outcome] = await applyCrmStatusChanges(d, workspaceId, [
        { lead: { id: leadId }, system: 'salesforce', object, status, occurredAt: new Date(at) },
      ]);
      return outcome?.outcome === 'moved';
    });

  /** Who works the lead now: its owner when it has an active one, else the sales manager. */
  async function workerOf(leadId: string): Promise<{
    principal: Principal;
    ownerId: string | null;
    accountId: string | null;
    /** When the current owner got the lead (null: it has none). */
    assignedAt: number | null;
  }> {
    const lead = await findLeadOwnership(deps.db, workspaceId, leadId);
    const owner = lead?.ownerId ? byId.get(lead.ownerId) : undefined;
    return {
      principal: userPrincipal(workspaceId, owner ?? manager!),
      ownerId: owner?.id ?? null,
      accountId: lead?.accountId ?? null,
      assignedAt: owner && lead?.assignedAt ? lead.assignedAt.getTime() : null,
    };
  }

  async function perform(at: number, item: Agenda): Promise<void> {
    const { leadId, persona, step } = item;
    const later = (ms: number, next: Step) => {
      if (at + ms <= endMs) agenda.push(at + ms, { leadId, persona, step: next });
    };
    switch (step.kind) {
      case 'respond': {
        const { plan } = step;
        const { principal, assignedAt } = await workerOf(leadId);
        // The owner answers counting from when they got the lead: routing may have placed it later
        // (from the queue, after an escalation) than the batch that qualified it.
        const since = Math.max(step.handedOffAt, assignedAt ?? 0);
        if (at < since + plan.respondAfterMs) {
          later(since + plan.respondAfterMs - at, { ...step, handedOffAt: since });
          return;
        }
        // The owner calls a hand-raise (and most leads they keep) before answering.
        if (step.isHandRaise || plan.decision === 'accept') {
          const touchAt = Math.max(since + 60_000, at - 15 * 60_000);
          await tryAt(at, (d) =>
            logTouch(d, principal, leadId, {
              kind: step.isHandRaise ? 'call' : 'email',
              note: null,
              at: new Date(touchAt),
            }).then(() => undefined),
          );
        }
        const feedback: SalesFeedback =
          plan.decision === 'accept'
            ? { kind: 'accept' }
            : { kind: 'reject', reason: plan.reason, note: plan.note };
        if (!(await tryAt(at, (d) => applySalesFeedback(d, principal, leadId, feedback)))) return;
        if (plan.decision === 'reject') {
          stats.rejected++;
          return;
        }
        stats.accepted++;
        if (plan.next.kind === 'nurture')
          later(plan.next.afterMs, { kind: 'not-converted', why: plan.next.why });
        else later(plan.next.afterMs, { kind: 'sql', plan });
        return;
      }
      case 'not-converted':
        await crm(at, leadId, 'lead', 'Closed - Not Converted');
        return;
      case 'sql': {
        if (!(await crm(at, leadId, 'lead', 'Closed - Converted'))) return;
        stats.sqls++;
        const next = step.plan.next;
        if (next.kind !== 'sql') return;
        if (next.opportunity)
          later(next.opportunity.afterMs, { kind: 'opportunity', opportunity: next.opportunity });
        else later(next.stallAfterMs, { kind: 'stalled' });
        return;
      }
      case 'stalled': {
        const { principal } = await workerOf(leadId);
        await tryAt(at, (d) =>
          moveLeadStage(d, principal, leadId, { to: 'nurture', reason: 'Stalled after qualification' }).then(
            () => undefined,
          ),
        );
        return;
      }
      case 'opportunity': {
        const o = step.opportunity;
        const worker = await workerOf(leadId);
        const reason = `Opportunity opened in the CRM: ${o.amount.toLocaleString('en-US')} USD`;
        const ok = await tryAt(at, (d) =>
          moveLeadStage(d, worker.principal, leadId, { to: 'opportunity', reason }).then(() => undefined),
        );
        if (!ok) return;
        stats.opportunities++;
        await writeOpportunity(at, leadId, persona, o, worker);
        later(o.cycleMs, { kind: 'close', opportunity: o });
        return;
      }
      case 'close': {
        const o = step.opportunity;
        if (await crm(at, leadId, 'opportunity', o.isWon ? 'Closed Won' : 'Closed Lost')) {
          stats[o.isWon ? 'won' : 'lost']++;
        }
        return;
      }
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
    worker: { ownerId: string | null; accountId: string | null },
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

  // When this workspace's SLA worker next has something to do; re-read only after something changed.
  let nextFire: number | null = null;
  let isNextFireStale = true;
  async function nextClockFire(): Promise<number | null> {
    if (!opts.fireSlaClocks) return null;
    if (isNextFireStale) {
      const at = await nextRunningClockFire(deps.db, workspaceId);
      nextFire = at ? at.getTime() : null;
      isNextFireStale = false;
    }
    return nextFire;
  }

  return {
    stats,
    async noticeQualifications() {
      // New stage changes may have started clocks.
      isNextFireStale = true;
      await noticeQualifications();
    },
    async runUntil(ms) {
      // Sales' agenda and the SLA worker, interleaved in time order up to `ms`.
      for (;;) {
        const action = agenda.peekKey() ?? Infinity;
        const clock = (await nextClockFire()) ?? Infinity;
        const next = Math.min(action, clock);
        if (next > ms) return;
        if (clock <= action) {
          const SLA_BATCH = 100;
          while ((await slaTick({ ...deps, clock: () => new Date(clock) }, SLA_BATCH)) === SLA_BATCH);
          stats.slaFirings++;
        } else {
          await perform(action, agenda.pop()!);
        }
        isNextFireStale = true;
      }
    },
  };
}
