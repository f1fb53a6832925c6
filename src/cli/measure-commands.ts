// `tandem report goals|spend|planner|plan`, `tandem goal set|remove`, `tandem spend set`: shared
// goals, spend and return and the reverse-funnel planner on the command line, through the same
// services and validation as the API (`--json` prints what the API answers, `--csv` its CSV).
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { GOAL_DIMENSIONS, GOAL_METRICS, type GoalScope, isGoalPeriod } from '../domain/goals.js';
import { PLAN_FROM_STEPS, type PlanFromStep } from '../domain/planner.js';
import {
  MEASURE_REPORT_NAMES,
  MEASURE_REPORTS as MEASURE_REPORTS_BY_NAME,
  type MeasureReportDefinition,
} from '../domain/measure-reports.js';
import { isMonth } from '../domain/report-months.js';
import { reportFilters, reportQuerySchema } from '../domain/report-query.js';
import { FILTER_DIMENSIONS, type ReportFilters } from '../domain/reports.js';
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
  plannerResultTable,
  plannerTable,
  planVsActual,
  planVsActualTable,
  savePlan,
} from '../services/planner.js';
import { reportingCurrency, setWorkspaceCurrency } from '../services/workspace-currency.js';
import type { Runtime } from './runtime.js';

type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;
type Cell = string | number | null;

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'tandem CLI' };

/** The reports this file adds, for `tandem report list`. */
export const MEASURE_REPORTS = MEASURE_REPORT_NAMES.map((n) => MEASURE_REPORTS_BY_NAME[n]);

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

interface ScopeOptions {
  dimension?: string;
  value?: string;
}

/** A slice's goal from --dimension and --value (both or neither); the workspace's without them. */
function scopeOf(opts: ScopeOptions): GoalScope {
  const value = opts.value?.trim();
  if (opts.dimension === undefined && value === undefined) return { dimension: null, value: null };
  const dimension = GOAL_DIMENSIONS.find((d) => d === opts.dimension);
  if (!dimension) fail('dimension', `must be one of ${GOAL_DIMENSIONS.join(', ')} (with --value)`);
  if (!value) fail('value', 'is required with --dimension');
  if (value.length > 200) fail('value', 'at most 200 characters');
  return { dimension, value };
}

/** The period, filters and breakdown of the options, by the API's rules (a bad one names its flag). */
function filtersOf(opts: Partial<Record<string, unknown>>, now: Date): ReportFilters {
  const query = Object.fromEntries(
    ['from', 'to', 'by', ...FILTER_DIMENSIONS].flatMap((k) => (opts[k] === undefined ? [] : [[k, opts[k]]])),
  );
  const parsed = reportQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(kebab(String(issue?.path[0] ?? 'from')), issue?.message ?? 'is not valid');
  }
  return reportFilters(parsed.data, now);
}

/** `--by` and one option per filter the report has; the help names what it refuses and why. */
function sliceOptions(command: Command, which: MeasureReportDefinition, over: string): Command {
  const { dimensions, refused } = which;
  const refusedText = Object.entries(refused)
    .map(([d, why]) => `${d}: ${why}`)
    .join('; ');
  const by = dimensions.filter((d) => d !== 'period' || which.name === 'spend');
  command.option('--by <dimension>', `break down by ${by.join(', ')}`);
  for (const d of FILTER_DIMENSIONS)
    if (dimensions.includes(d)) command.option(`--${d} <value>`, `only ${over} with this ${d}`);
  command.addHelpText('after', refusedText ? `\nNot available: ${refusedText}.` : '');
  return command;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function registerMeasureCommands(
  program: Command,
  withRuntime: WithRuntime,
  workspaceIdOf: (rt: Runtime, slug: string) => Promise<string>,
): void {
  const report = program.commands.find((c) => c.name() === 'report') ?? program.command('report');
  const out = (c: Command) => c.option('--json', 'print as the API answers').option('--csv', 'print as CSV');

  // Goals and spend read the same options: a workspace, a span of months, filters and a breakdown.
  const monthsReport = <R>(
    which: MeasureReportDefinition,
    run: (rt: Runtime, workspaceId: string, filters: ReportFilters) => Promise<R>,
    table: (result: R) => Cell[][],
  ) =>
    out(
      sliceOptions(
        report
          .command(which.name)
          .description(which.computes)
          .requiredOption('--workspace <slug>', 'workspace slug')
          .option('--from <YYYY-MM>', 'first month (default: eleven months before --to)')
          .option('--to <YYYY-MM>', 'last month (default: this month)'),
        which,
        'leads and deals',
      ),
    ).action((opts: { workspace: string; json?: boolean; csv?: boolean } & Record<string, unknown>) =>
      withRuntime(async (rt) => {
        const filters = filtersOf(opts, rt.clock());
        const result = await run(rt, await workspaceIdOf(rt, opts.workspace), filters);
        print(result, table(result), opts);
      }),
    );
  monthsReport(MEASURE_REPORTS_BY_NAME.goals, goalAttainment, goalsTable);
  monthsReport(MEASURE_REPORTS_BY_NAME.spend, spendAndReturn, spendTable);

  const plannerCommand = report
    .command('planner')
    .description(MEASURE_REPORTS_BY_NAME.planner.computes)
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--revenue-goal <amount>', 'the revenue to reach in the period')
    .requiredOption('--from <YYYY-MM>', 'first month of the period')
    .requiredOption('--to <YYYY-MM>', 'last month of the period')
    .option('--deal-size <amount>', 'override the average won deal')
    .option('--save <name>', 'save the plan under this name (to compare with the actual later)');
  sliceOptions(plannerCommand, MEASURE_REPORTS_BY_NAME.planner, 'leads and deals');
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
      const { where, by } = filtersOf({ ...opts, from: undefined, to: undefined }, rt.clock());
      if (by && typeof opts.save === 'string') fail('by', 'a saved plan is for one slice: save without --by');
      const request: PlanRequest = {
        revenueGoal: number('revenue-goal', opts.revenueGoal as string, 0, 1e13) ?? 0,
        period: { from, to },
        where,
        by,
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
      if (!result.plan && !by && !opts.json)
        throw new AppError(
          'validation_failed',
          `nothing measured yet for ${result.missing.join(', ')}: give ${result.missing.map((m) => `--${kebab(m.replace('rates.', '').replace('lagDays.', ''))}${m.startsWith('rates') ? '-rate' : m.startsWith('lagDays') ? '-lag-days' : ''}`).join(', ')}`,
        );
      print(result, plannerResultTable(result), {
        json: opts.json === true,
        csv: opts.csv === true,
      });
    }),
  );

  out(
    report
      .command('plan')
      .description(MEASURE_REPORTS_BY_NAME.plan.computes)
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
    .option('--dimension <dimension>', `a slice's own goal: ${GOAL_DIMENSIONS.join(', ')} (with --value)`)
    .option('--value <value>', "the team's or rep's id, or the segment, territory or source")
    .action((opts: { workspace: string; period: string; metric: string; target: string } & ScopeOptions) =>
      withRuntime(async (rt) => {
        if (!isGoalPeriod(opts.period)) fail('period', 'must be a month YYYY-MM or a quarter YYYY-Qn');
        const metric = GOAL_METRICS.find((m) => m === opts.metric);
        if (!metric) fail('metric', `must be one of ${GOAL_METRICS.join(', ')}`);
        const target = number('target', opts.target, 0, 1e12) ?? 0;
        const row = await setGoal(rt, CLI_ACTOR, await workspaceIdOf(rt, opts.workspace), {
          period: opts.period,
          metric,
          target,
          ...scopeOf(opts),
        });
        const whose = row.dimension ? ` ${row.dimension}=${row.value}` : '';
        process.stdout.write(`${row.period} ${row.metric}${whose} ${row.target}\n`);
      }),
    );
  goal
    .command('remove')
    .description('remove a goal')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--period <YYYY-MM|YYYY-Qn>', 'a month or a quarter')
    .requiredOption('--metric <metric>', GOAL_METRICS.join(', '))
    .option('--dimension <dimension>', `a slice's own goal: ${GOAL_DIMENSIONS.join(', ')} (with --value)`)
    .option('--value <value>', "the team's or rep's id, or the segment, territory or source")
    .action((opts: { workspace: string; period: string; metric: string } & ScopeOptions) =>
      withRuntime(async (rt) => {
        const metric = GOAL_METRICS.find((m) => m === opts.metric);
        if (!metric) fail('metric', `must be one of ${GOAL_METRICS.join(', ')}`);
        if (!isGoalPeriod(opts.period)) fail('period', 'must be a month YYYY-MM or a quarter YYYY-Qn');
        await removeGoal(
          rt,
          CLI_ACTOR,
          await workspaceIdOf(rt, opts.workspace),
          opts.period,
          metric,
          scopeOf(opts),
        );
      }),
    );

  const workspaceCommand =
    program.commands.find((c) => c.name() === 'workspace') ?? program.command('workspace');
  workspaceCommand
    .command('currency')
    .description(
      "print the workspace's reporting currency, or set it (before any deal, spend or money goal is recorded: amounts are never converted)",
    )
    .requiredOption('--workspace <slug>', 'workspace slug')
    .option('--set <code>', 'the ISO 4217 code to report in, e.g. EUR')
    .action((opts: { workspace: string; set?: string }) =>
      withRuntime(async (rt) => {
        const workspaceId = await workspaceIdOf(rt, opts.workspace);
        const currency =
          opts.set === undefined
            ? await reportingCurrency(rt.db, workspaceId)
            : await setWorkspaceCurrency(rt, CLI_ACTOR, workspaceId, opts.set).catch((err: unknown) => {
                if (err instanceof AppError) fail('set', err.errors[0]?.message ?? err.message);
                throw err;
              });
        process.stdout.write(`${currency}\n`);
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
    .option('--medium <medium>', 'the medium it was for (utm_medium); omit for the channel as a whole')
    .option(
      '--campaign <campaign>',
      'the campaign it was for (utm_campaign); omit for the channel as a whole',
    )
    .action(
      (opts: {
        workspace: string;
        channel: string;
        month: string;
        amount: string;
        medium?: string;
        campaign?: string;
      }) =>
        withRuntime(async (rt) => {
          if (!isMonth(opts.month)) fail('month', 'must be a month YYYY-MM');
          if (opts.channel.trim() === '') fail('channel', 'must not be empty');
          for (const flag of ['medium', 'campaign'] as const) {
            const v = opts[flag];
            if (v !== undefined && (v.trim() === '' || v.trim().length > 200))
              fail(flag, 'must be 1 to 200 characters');
          }
          const amount = number('amount', opts.amount, 0, 1e12) ?? 0;
          const [row] = await recordSpend(rt, CLI_ACTOR, await workspaceIdOf(rt, opts.workspace), [
            {
              channel: opts.channel.trim(),
              month: opts.month,
              amount,
              medium: opts.medium?.trim() ?? null,
              campaign: opts.campaign?.trim() ?? null,
            },
          ]);
          const slice = [row?.medium, row?.campaign].filter(Boolean).join(' ');
          process.stdout.write(`${row?.channel}${slice ? ` ${slice}` : ''} ${row?.month} ${row?.amount}\n`);
        }),
    );
}
