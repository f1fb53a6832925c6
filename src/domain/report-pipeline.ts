// Pipeline: the open opportunities by stage and by source with their weighted value (amount ×
// probability), the deals closed in the period (win rate, average deal size, the won deals' cycle
// time), and the period's forecast: what is already won in it plus the weighted open deals
// expected to close in it.
// Pure: the store sums, this module lays out and divides.
import type { OpportunityStage } from './agreement.js';
import { type Distribution, compareNullable, rate } from './reports.js';

/** Open opportunities the store summed per stage, source and breakdown value. */
export interface OpenPipelineSums {
  stage: string;
  source: string | null;
  group: string | null;
  count: number;
  amount: number;
  /** Σ amount × probability. */
  weighted: number;
}

/** Per breakdown value: deals closed in the period, and open deals whose close date falls in it. */
export interface PeriodPipelineSums {
  group: string | null;
  won: number;
  lost: number;
  wonAmount: number;
  /** Open deals expected to close in the period: how many, and their weighted value. */
  closingCount: number;
  closingWeighted: number;
}

/** Per breakdown value: days from opening to close of the deals won in the period. */
export interface CycleTimeSums extends Distribution {
  group: string | null;
  mean: number | null;
}

/** The won deals' cycle time: calendar days from the deal's opening (created, a CRM's engage date) to its close. */
export type DealCycleTime = Omit<CycleTimeSums, 'group'> & { unit: 'days' };

export interface PipelineBucket {
  group: string | null;
  count: number;
  amount: number;
  weighted: number;
}

export interface PipelineSummary {
  group: string | null;
  open: number;
  openAmount: number;
  weighted: number;
  won: number;
  lost: number;
  /** won / (won + lost) of the deals closed in the period. */
  winRate: number | null;
  wonAmount: number;
  /** wonAmount / won. */
  averageDealSize: number | null;
  cycleTime: DealCycleTime;
  closingCount: number;
  closingWeighted: number;
  /** wonAmount + closingWeighted: what the period should bring in. */
  forecast: number;
}

export interface PipelineReport {
  byStage: (PipelineBucket & { stage: string; probability: number | null })[];
  bySource: (PipelineBucket & { source: string | null })[];
  summary: PipelineSummary[];
}

/**
 * Every open stage of the agreement gets a row per breakdown value (count 0 when empty), in the
 * agreement's order; a stage the agreement no longer names follows, by name. Sources come largest
 * weighted value first. The summary adds the same sums, so stages, sources and summary agree.
 */
export function pipelineReport(
  open: readonly OpenPipelineSums[],
  period: readonly PeriodPipelineSums[],
  stages: readonly OpportunityStage[],
  cycles: readonly CycleTimeSums[] = [],
): PipelineReport {
  const groups = [...new Set([...open.map((o) => o.group), ...period.map((p) => p.group)])].sort(
    compareNullable,
  );
  if (groups.length === 0) groups.push(null);
  const openStages = stages.filter((s) => s.outcome === 'open');
  const known = new Map(openStages.map((s) => [s.name.toLowerCase(), s]));
  const extra = [...new Set(open.map((o) => o.stage))]
    .filter((s) => !known.has(s.toLowerCase()))
    .sort(compareNullable);
  const stageNames = [...openStages.map((s) => s.name), ...extra];
  const add = (into: PipelineBucket, o: OpenPipelineSums) => {
    into.count += o.count;
    into.amount += o.amount;
    into.weighted += o.weighted;
  };
  const byStage: PipelineReport['byStage'] = [];
  const bySource: PipelineReport['bySource'] = [];
  const summary: PipelineSummary[] = [];
  for (const group of groups) {
    const mine = open.filter((o) => o.group === group);
    for (const stage of stageNames) {
      const bucket = {
        stage,
        probability: known.get(stage.toLowerCase())?.probability ?? null,
        group,
        count: 0,
        amount: 0,
        weighted: 0,
      };
      for (const o of mine) if (o.stage.toLowerCase() === stage.toLowerCase()) add(bucket, o);
      byStage.push(bucket);
    }
    const sources = new Map<string | null, PipelineBucket & { source: string | null }>();
    for (const o of mine) {
      const bucket = sources.get(o.source) ?? { source: o.source, group, count: 0, amount: 0, weighted: 0 };
      add(bucket, o);
      sources.set(o.source, bucket);
    }
    bySource.push(
      ...[...sources.values()].sort((a, b) => b.weighted - a.weighted || compareNullable(a.source, b.source)),
    );
    const all: PipelineBucket = { group, count: 0, amount: 0, weighted: 0 };
    for (const o of mine) add(all, o);
    const p = period.find((x) => x.group === group);
    const won = p?.won ?? 0;
    const wonAmount = p?.wonAmount ?? 0;
    const closingWeighted = p?.closingWeighted ?? 0;
    summary.push({
      group,
      open: all.count,
      openAmount: all.amount,
      weighted: all.weighted,
      won,
      lost: p?.lost ?? 0,
      winRate: rate(won, won + (p?.lost ?? 0)),
      wonAmount,
      averageDealSize: rate(wonAmount, won),
      cycleTime: cycleTimeOf(cycles.find((c) => c.group === group)),
      closingCount: p?.closingCount ?? 0,
      closingWeighted,
      forecast: wonAmount + closingWeighted,
    });
  }
  return { byStage, bySource, summary };
}

function cycleTimeOf(c: CycleTimeSums | undefined): DealCycleTime {
  return {
    unit: 'days',
    count: c?.count ?? 0,
    mean: c?.mean ?? null,
    median: c?.median ?? null,
    p75: c?.p75 ?? null,
    p90: c?.p90 ?? null,
  };
}
