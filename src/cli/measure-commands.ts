// `tandem report goals|spend|planner|plan`, `tandem goal set|remove`, `tandem spend set`: shared
// goals, spend and return and the reverse-funnel planner on the command line, through the same
// services and validation as the API (`--json` prints what the API answers, `--csv` its CSV).
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { GOAL_METRICS, isGoalPeriod } from '../domain/goals.js';
import { PLAN_FROM_STEPS, type PlanFromStep } from '../domain/planner.js';
import { type ReportPeriod, isMonth } from '../domain/report-months.js';
import { reportFilters, reportQuerySchema } from '../domain/report-query.js';
import {
  goalAttainment,
  goalsTable,
  recordSpend,
  removeGoal,
  setGoal,
  spendAndReturn,
  spendTable,
  tableCsv,
  tableText,
} from '../services/goals.js';
import {
  type PlanRequest,
  planner,
  plannerTable,
  planVsActual,
  planVsActualTable,
  savePlan,
} from '../services/planner.js';
import type { Runtime } from './runtime.js';

type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;
type Cell = string | number | null;

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'tandem CLI' };

/** The reports this file adds, for `tandem report list`. */
export const MEASURE_REPORTS = [
  {
    name: 'goals',
    title: 'Shared goals',
    computes:
      'Attainment of the revenue, weighted pipeline, SQL and MQL goals per month and quarter: actual, % of goal, and the pace expected by now.',
  },
  {
    name: 'spend',
    title: 'Spend and return',
    computes:
      'Spend per channel (the lead source) against the MQLs, SQLs, customers and revenue it brought: cost per MQL, SQL and customer, revenue per unit of spend.',
  },
  {
    name: 'planner',
    title: 'Reverse-funnel planner',
    computes:
      'From a revenue goal and a period: the wins, opportunities, SQLs, SALs, MQLs and leads needed and by which month, from measured rates, deal size and lags (each overridable).',
  },
  {
    name: 'plan',
    title: 'Plan against actual',
    computes: "A saved plan's volumes per step and month beside what happened, and each step's pace to date.",
  },
] as const;

function print(result: unknown, table: Cell[][], opts: { json?: boolean; csv?: boolean }): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (opts.csv) process.stdout.write(tableCsv(table));
  else process.stdout.write(tableText(table));
}

function fail(flag: string, message: string): never {
  throw new AppError('validation_failed', `--${flag}: ${message}`);
}

function number(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    fail(flag, `must be a number from ${min} to ${max}`);
  return n;
}

function period(opts: { from?: string; to?: string }, now: Date) {
  const parsed = reportQuerySchema.safeParse({ from: opts.from, to: opts.to });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(String(issue?.path[0] ?? 'from'), issue?.message ?? 'is not valid');
  }
  return reportFilters(parsed.data, now).period;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function registerMeasureCommands(
  program: Command,
  withRuntime: WithRuntime,
  workspaceIdOf: (rt: Runtime, slug: string) => Promise<string>,
): void {
  const report = program.commands.find((c) => c.name() === 'report') ?? program.command('report');
  const out = (c: Command) => c.option('--json', 'print as the API answers').option('--csv', 'print as CSV');

  // Goals and spend read the same options: a workspace and a span of months.
  const monthsReport = <R>(
    which: (typeof MEASURE_REPORTS)[0 | 1],
    run: (rt: Runtime, workspaceId: string, p: ReportPeriod) => Promise<R>,
    table: (result: R) => Cell[][],
  ) =>
    out(
      report
        .command(which.name)
        .description(which.computes)
        .requiredOption('--workspace <slug>', 'workspace slug')
        .option('--from <YYYY-MM>', 'first month (default: eleven months before --to)')
        .option('--to <YYYY-MM>', 'last month (default: this month)'),
    ).action((opts: { workspace: string; from?: string; to?: string; json?: boolean; csv?: boolean }) =>
      withRuntime(async (rt) => {
        const result = await run(rt, await workspaceIdOf(rt, opts.workspace), period(opts, rt.clock()));
        print(result, table(result), opts);
      }),
    );
  monthsReport(MEASURE_REPORTS[0], goalAttainment, goalsTable);
  monthsReport(MEASURE_REPORTS[1], spendAndReturn, spendTable);

  const plannerCommand = report
    .command('planner')
    .description(MEASURE_REPORTS[2].computes)
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--revenue-goal <amount>', 'the revenue to reach in the period')
    .requiredOption('--from <YYYY-MM>', 'first month of the period')
    .requiredOption('--to <YYYY-MM>', 'last month of the period')
    .option('--deal-size <amount>', 'override the average won deal')
    .option('--save <name>', 'save the plan under this name (to compare with the actual later)');
  for (const s of PLAN_FROM_STEPS) {
    plannerCommand.option(`--${s}-rate <share>`, `override the ${s} → next stage rate (0–1)`);
    plannerCommand.option(`--${s}-lag-days <days>`, `override the days from ${s} to the next stage`);
  }
  out(plannerCommand).action((opts: Record<string, string | boolean | undefined>) =>
    withRuntime(async (rt) => {
      const from = String(opts.from);
      const to = String(opts.to);
      if (!isMonth(from)) fail('from', 'must be a month YYYY-MM');
      if (!isMonth(to) || to < from) fail('to', 'must be a month YYYY-MM, not before --from');
      const rates: Partial<Record<PlanFromStep, number>> = {};
      const lagDays: Partial<Record<PlanFromStep, number>> = {};
      for (const s of PLAN_FROM_STEPS) {
        const r = number(`${s}-rate`, opts[`${s}Rate`] as string | undefined, Number.MIN_VALUE, 1);
        const l = number(`${s}-lag-days`, opts[`${s}LagDays`] as string | undefined, 0, 3650);
        if (r !== undefined) rates[s] = r;
        if (l !== undefined) lagDays[s] = l;
      }
      const dealSize = number('deal-size', opts.dealSize as string | undefined, Number.MIN_VALUE, 1e12);
      const request: PlanRequest = {
        revenueGoal: number('revenue-goal', opts.revenueGoal as string, 0, 1e13) ?? 0,
        period: { from, to },
        ...(dealSize !== undefined ? { dealSize } : {}),
        rates,
        lagDays,
      };
      const workspaceId = await workspaceIdOf(rt, String(opts.workspace));
      if (typeof opts.save === 'string') {
        const saved = await savePlan(rt, CLI_ACTOR, workspaceId, opts.save, request);
        print(saved, [['id', 'name'], [saved.id, saved.name], ...plannerTable(saved.plan)], {
          json: opts.json === true,
          csv: opts.csv === true,
        });
        return;
      }
      const result = await planner(rt, workspaceId, request);
      if (!result.plan && !opts.json)
        throw new AppError(
          'validation_failed',
          `nothing measured yet for ${result.missing.join(', ')}: give ${result.missing.map((m) => `--${kebab(m.replace('rates.', '').replace('lagDays.', ''))}${m.startsWith('rates') ? '-rate' : m.startsWith('lagDays') ? '-lag-days' : ''}`).join(', ')}`,
        );
      print(result, result.plan ? plannerTable(result.plan) : [], {
        json: opts.json === true,
        csv: opts.csv === true,
      });
    }),
  );

  out(
    report
      .command('plan')
      .description(MEASURE_REPORTS[3].computes)
      .requiredOption('--workspace <slug>', 'workspace slug')
      .requiredOption('--id <uuid>', 'the saved plan'),
  ).action((opts: { workspace: string; id: string; json?: boolean; csv?: boolean }) =>
    withRuntime(async (rt) => {
      if (!z.uuid().safeParse(opts.id).success) fail('id', 'must be a UUID');
      const result = await planVsActual(rt, await workspaceIdOf(rt, opts.workspace), opts.id);
      print(result, planVsActualTable(result), opts);
    }),
  );

  const goal = program.command('goal').description('set or remove shared goals (admin)');
  goal
    .command('set')
    .description("set a metric's target for a month or a quarter")
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--period <YYYY-MM|YYYY-Qn>', 'a month or a quarter')
    .requiredOption('--metric <metric>', GOAL_METRICS.join(', '))
    .requiredOption('--target <number>', 'the goal')
    .action((opts: { workspace: string; period: string; metric: string; target: string }) =>
      withRuntime(async (rt) => {
        if (!isGoalPeriod(opts.period)) fail('period', 'must be a month YYYY-MM or a quarter YYYY-Qn');
        const metric = GOAL_METRICS.find((m) => m === opts.metric);
        if (!metric) fail('metric', `must be one of ${GOAL_METRICS.join(', ')}`);
        const target = number('target', opts.target, 0, 1e12) ?? 0;
        const row = await setGoal(rt, CLI_ACTOR, await workspaceIdOf(rt, opts.workspace), {
          period: opts.period,
          metric,
          target,
        });
        process.stdout.write(`${row.period} ${row.metric} ${row.target}\n`);
      }),
    );
  goal
    .command('remove')
    .description('remove a goal')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--period <YYYY-MM|YYYY-Qn>', 'a month or a quarter')
    .requiredOption('--metric <metric>', GOAL_METRICS.join(', '))
    .action((opts: { workspace: string; period: string; metric: string }) =>
      withRuntime(async (rt) => {
        const metric = GOAL_METRICS.find((m) => m === opts.metric);
        if (!metric) fail('metric', `must be one of ${GOAL_METRICS.join(', ')}`);
        if (!isGoalPeriod(opts.period)) fail('period', 'must be a month YYYY-MM or a quarter YYYY-Qn');
        await removeGoal(rt, CLI_ACTOR, await workspaceIdOf(rt, opts.workspace), opts.period, metric);
      }),
    );

  program
    .command('spend')
    .description('record channel spend')
    .command('set')
    .description("set a channel's spend for a month (the channel is the leads' source, e.g. google)")
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--channel <source>', 'the channel')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .requiredOption('--amount <number>', 'what it cost')
    .action((opts: { workspace: string; channel: string; month: string; amount: string }) =>
      withRuntime(async (rt) => {
        if (!isMonth(opts.month)) fail('month', 'must be a month YYYY-MM');
        if (opts.channel.trim() === '') fail('channel', 'must not be empty');
        const amount = number('amount', opts.amount, 0, 1e12) ?? 0;
        const [row] = await recordSpend(rt, CLI_ACTOR, await workspaceIdOf(rt, opts.workspace), [
          { channel: opts.channel.trim(), month: opts.month, amount },
        ]);
        process.stdout.write(`${row?.channel} ${row?.month} ${row?.amount}\n`);
      }),
    );
}
