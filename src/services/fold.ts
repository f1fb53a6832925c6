// The fold: accepted events scored, stages moved and handed off, in micro-batches that span requests.
// A folder claims queued work (src/store/fold-queue.ts), folds it (fold-leads.ts) and writes it
// with commitLeadChanges, all in one short transaction. `wake()` runs it now on this node.
import type { Queryable } from '../store/db.js';
import type { ClaimedWork, FoldItem } from '../store/fold-queue.js';
import { claimFoldWork, eventsWaitingOf, foldBacklog, recordFoldFailure } from '../store/fold-queue.js';
import type { EngineLead } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { foldLeads } from './fold-leads.js';
import { commitLeadChanges } from './lead-engine.js';

export interface FoldOutcome {
  /** Leads claimed (0: nothing was claimable). */
  leads: number;
  /** Events scored. */
  events: number;
  stageChanges: number;
}

export interface Folder {
  /** Work was committed: fold it now (coalesces; a no-op while held or stopped). */
  wake(): void;
  /** One micro-batch, one transaction. */
  foldOnce(): Promise<FoldOutcome>;
  /** Folds until nothing is left to claim (waits for a running loop first). For tests and the demo. */
  drain(): Promise<FoldOutcome>;
  /** Stops waking and waits for the running micro-batch. */
  stop(): Promise<void>;
}

export interface FolderOptions {
  /** False holds the in-process wake (a node without workers); drain() and the sweep still fold. */
  autoWake?: boolean;
  maxLeads?: number;
  maxEvents?: number;
}

// Bounded so one transaction stays short: on PGlite every request waits behind it.
export const FOLD_MAX_LEADS = 200;
export const FOLD_MAX_EVENTS = 500;

/** How far scoring is behind on this database (every node's folders share the queue). */
export function foldLag(deps: Deps): Promise<{ waiting: number; oldestWaitingSeconds: number }> {
  return foldBacklog(deps.db);
}

/** Events of a lead accepted but not scored yet (the lead's stage may still change). */
export function eventsWaiting(deps: Deps, workspaceId: string, leadId: string): Promise<number> {
  return eventsWaitingOf(deps.db, workspaceId, leadId);
}

type LeadKey = { workspaceId: string; leadId: string };
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const none = (): FoldOutcome => ({ leads: 0, events: 0, stageChanges: 0 });
const add = (a: FoldOutcome, b: FoldOutcome): FoldOutcome => ({
  leads: a.leads + b.leads,
  events: a.events + b.events,
  stageChanges: a.stageChanges + b.stageChanges,
});

/**
 * Folds claimed work in the caller's transaction: per workspace, the leads' events through
 * foldLeads and the result written (and handed off) by commitLeadChanges. The folder calls it on
 * what it claims; an import of activities on what it has just accepted.
 */
export async function foldClaimedWork(tx: Queryable, work: ClaimedWork, now: Date): Promise<FoldOutcome> {
  let outcome: FoldOutcome = { leads: work.leads.length, events: 0, stageChanges: 0 };
  const workspaces = new Set(work.leads.map((l) => l.workspaceId));
  for (const workspaceId of [...workspaces].sort()) {
    const leads: EngineLead[] = work.leads
      .filter((l) => l.workspaceId === workspaceId && !l.isDeleted)
      .map((l) => l.lead)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items: FoldItem[] = work.items.filter((i) => i.workspaceId === workspaceId);
    outcome = add(outcome, { leads: 0, events: items.filter((i) => i.event).length, stageChanges: 0 });
    if (leads.length === 0) continue;
    const active = await loadActiveAgreement(tx, workspaceId);
    const changes = await foldLeads(tx, workspaceId, active, leads, items, now);
    const moved = await commitLeadChanges(tx, { workspaceId, active, now }, changes);
    outcome = add(outcome, { leads: 0, events: 0, stageChanges: moved.length });
  }
  return outcome;
}

export function createFolder(deps: Deps, options: FolderOptions = {}): Folder {
  const limits = {
    maxLeads: options.maxLeads ?? FOLD_MAX_LEADS,
    maxEvents: options.maxEvents ?? FOLD_MAX_EVENTS,
  };
  const autoWake = options.autoWake ?? true;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const foldClaimed = (tx: Queryable, work: ClaimedWork): Promise<FoldOutcome> =>
    foldClaimedWork(tx, work, deps.clock());

  // One lead alone, after its micro-batch failed: folded, or its rows left queued with the attempt
  // counted and a backoff, so a poisoned lead cannot stall the others.
  const foldAlone = async (lead: LeadKey): Promise<FoldOutcome> => {
    try {
      return await deps.db.transaction(async (tx) =>
        foldClaimed(
          tx,
          await claimFoldWork(tx, limits, {
            now: deps.clock(),
            only: { workspaceId: lead.workspaceId, leadIds: [lead.leadId] },
          }),
        ),
      );
    } catch (err) {
      const attempts = await recordFoldFailure(deps.db, lead, errorText(err), deps.clock());
      deps.log.error({ err, ...lead, attempts }, 'fold of a lead failed; its events wait and are retried');
      return { leads: 1, events: 0, stageChanges: 0 };
    }
  };

  // One micro-batch; `full` when the claim hit a limit, so more may be waiting right away.
  const foldNext = async (): Promise<{ outcome: FoldOutcome; full: boolean }> => {
    let claimed: LeadKey[] = [];
    let full = false;
    try {
      const outcome = await deps.db.transaction(async (tx) => {
        const work = await claimFoldWork(tx, limits, { now: deps.clock() });
        claimed = work.leads.map((l) => ({ workspaceId: l.workspaceId, leadId: l.lead.id }));
        full = work.leads.length >= limits.maxLeads || work.items.length >= limits.maxEvents;
        return work.leads.length === 0 ? none() : foldClaimed(tx, work);
      });
      return { outcome, full };
    } catch (err) {
      // Nothing was claimed: the claim itself failed (the database, not a lead).
      if (claimed.length === 0) throw err;
      deps.log.warn({ err, leads: claimed.length }, 'fold micro-batch failed; folding its leads one by one');
      let total = none();
      for (const lead of claimed) total = add(total, await foldAlone(lead));
      return { outcome: total, full: true };
    }
  };
  const foldOnce = async (): Promise<FoldOutcome> => (await foldNext()).outcome;

  const loop = async (): Promise<void> => {
    while (again && !stopped) {
      again = false;
      try {
        // Until a claim comes back short of its limits: what commits meanwhile wakes it again, so
        // no transaction is spent finding the queue empty.
        while (!stopped && (await foldNext()).full);
      } catch (err) {
        // The work stays queued (the transaction rolled back); the sweep tries again.
        deps.log.error({ err }, 'fold failed; the sweep will retry');
        return;
      }
    }
  };

  return {
    wake() {
      if (!autoWake || stopped) return;
      again = true;
      running ??= loop().finally(() => {
        running = null;
      });
    },
    foldOnce,
    async drain() {
      let total = none();
      for (;;) {
        if (running) await running;
        // A claim short of its limits took all there was: no further claim to find the queue empty.
        const r = await foldNext();
        total = add(total, r.outcome);
        if (!r.full && !running) return total;
      }
    },
    async stop() {
      stopped = true;
      if (running) await running;
    },
  };
}
