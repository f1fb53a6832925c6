// `tandem report list|<name>`: the shared reports on the command line, through the same service
// and the same query rules as the API (`--json` prints what the API answers, `--csv` its CSV).
import type { Command } from 'commander';
import { AppError } from '../domain/errors.js';
import { reportFilters, reportQuerySchema } from '../domain/report-query.js';
import { FILTER_DIMENSIONS, REPORT_DIMENSIONS, REPORT_NAMES, REPORTS } from '../domain/reports.js';
import { reportCsv, reportTable, runReport } from '../services/reports.js';
import { MEASURE_REPORTS } from './measure-commands.js';
import type { Runtime } from './runtime.js';

type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;

interface ReportOptions extends Partial<Record<(typeof FILTER_DIMENSIONS)[number], string>> {
  workspace: string;
  from?: string;
  to?: string;
  by?: string;
  windowDays?: string;
  minLeads?: string;
  json?: boolean;
  csv?: boolean;
}

export function registerReportCommands(
  program: Command,
  withRuntime: WithRuntime,
  workspaceIdOf: (rt: Runtime, slug: string) => Promise<string>,
): void {
  const report = program
    .command('report')
    .description('the shared reports (funnel, velocity, quality, pipeline, sla, influence)');
  report
    .command('list')
    .description('name the reports and what each computes')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const list = [...REPORT_NAMES.map((n) => REPORTS[n]), ...MEASURE_REPORTS];
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ reports: list, dimensions: REPORT_DIMENSIONS }, null, 2)}\n`
          : list.map((r) => `${r.name.padEnd(10)} ${r.title}: ${r.computes}\n`).join(''),
      );
    });
  for (const name of REPORT_NAMES) {
    const command = report
      .command(name)
      .description(REPORTS[name].computes)
      .requiredOption('--workspace <slug>', 'workspace slug')
      .option('--from <YYYY-MM>', 'first month (default: eleven months before --to)')
      .option('--to <YYYY-MM>', 'last month (default: this month)')
      .option('--by <dimension>', `break down by ${REPORTS[name].dimensions.join(', ')}`);
    const over = name === 'pipeline' ? 'deals' : 'leads';
    for (const d of FILTER_DIMENSIONS) {
      if (REPORTS[name].dimensions.includes(d))
        command.option(`--${d} <value>`, `only ${over} with this ${d}`);
    }
    if (name === 'funnel')
      command.option('--window-days <days>', 'a stage counts if reached within this many days', '90');
    if (name === 'influence')
      command.option(
        '--min-leads <n>',
        REPORTS.influence.options.minLeads?.description ?? 'minimum sample',
        String(REPORTS.influence.options.minLeads?.default ?? 20),
      );
    command
      .option('--json', 'print the report as the API answers it')
      .option('--csv', 'print the report as CSV')
      .action((opts: ReportOptions) =>
        withRuntime(async (rt) => {
          const { workspace, json, csv, ...query } = opts;
          const parsed = reportQuerySchema.safeParse(query);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const flag = String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
            throw new AppError('validation_failed', `--${flag}: ${issue?.message ?? 'is not valid'}`);
          }
          const workspaceId = await workspaceIdOf(rt, workspace);
          const filters = reportFilters(parsed.data, rt.clock());
          const result = await runReport(rt, name, workspaceId, filters, {
            windowDays: parsed.data.windowDays,
            minLeads: parsed.data.minLeads,
          });
          if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          else if (csv) process.stdout.write(reportCsv(result));
          else
            process.stdout.write(
              reportTable(result)
                .map((r) =>
                  r
                    .map((v) =>
                      v === null ? '–' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v,
                    )
                    .join('\t'),
                )
                .join('\n') + '\n',
            );
        }),
      );
  }
}
