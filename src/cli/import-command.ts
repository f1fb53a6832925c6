// `tandem import <kind> <file>`: streams a CSV file through the same import service as the API,
// with a progress bar on stderr when it is a terminal, Ctrl-C to cancel, and the outcome (or the
// dry run's report) on stdout.
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import-fields.js';
import { type ImportMapping } from '../domain/import-mapping.js';
import {
  IMPORT_DATASETS,
  IMPORT_PRESETS,
  type ImportPreset,
  builtInPreset,
  findDataset,
  presetKinds,
} from '../domain/import-presets.js';
import { findPreset, listPresets } from '../services/import-presets.js';
import { describeProblem } from '../services/import-reports.js';
import {
  type ImportOptions,
  type ImportReport,
  type ImportRecord,
  dryRunImport,
  openImport,
} from '../services/imports.js';
import { type ImportProgress, cancelImport, runImport, startImport } from '../services/import-run.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import { importWorkspaceCommand } from './export-commands.js';
import type { Runtime } from './runtime.js';

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'tandem CLI' };
type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;

const mappingFile = z
  .object({
    fields: z.record(z.string(), z.string()),
    options: z
      .object({
        dateFormat: z.string().optional(),
        dateFormats: z.array(z.string()).optional(),
        decimalSeparator: z.enum(['.', ',']).optional(),
        crmSystem: z.enum(['salesforce', 'hubspot', 'other']).optional(),
        stages: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    constants: z.record(z.string(), z.string()).optional(),
    scale: z.record(z.string(), z.number().positive()).optional(),
  })
  .strict();

async function readMapping(path: string): Promise<ImportMapping> {
  const parsed = mappingFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'validation_failed',
      `--mapping: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data as ImportMapping;
}

/**
 * The CSV kinds; `workspace`: a `tandem export workspace` file, imported as a new workspace;
 * `presets`: the list of presets; `dataset`: a folder of a public dataset's files, in one command.
 */
type CliImportKind = ImportKind | 'workspace' | 'presets' | 'dataset';
const OTHER_KINDS = ['workspace', 'presets', 'dataset'];

function parseKind(value: string): CliImportKind {
  if (!OTHER_KINDS.includes(value) && !(IMPORT_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${[...IMPORT_KINDS, ...OTHER_KINDS].join(', ')}`);
  }
  return value as CliImportKind;
}

/** The presets as a table: name, system, kinds, and the export each reads. */
export function presetTable(presets: readonly ImportPreset[]): string {
  const rows = presets.map((p) => [p.name, p.system, presetKinds(p).join(', '), p.reads]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  const datasets = IMPORT_DATASETS.map(
    (d) =>
      `  ${d.name.padEnd(8)}${d.reads}: ${d.steps.map((s) => `${s.file} (${s.preset}, ${s.kind})`).join(', then ')}`,
  );
  return [
    line(['PRESET', 'SYSTEM', 'KINDS', 'READS']),
    ...rows.map(line),
    '',
    'datasets (tandem import dataset <folder> --workspace <slug>):',
    ...datasets,
    '',
  ].join('\n');
}

const count = (n: number) => n.toLocaleString('en');

function summary(counts: ImportReport['counts'], verb: 'would' | 'did'): string {
  const [c, u] = verb === 'would' ? ['would create', 'would update'] : ['created', 'updated'];
  return `${count(counts.rows)} rows: ${c} ${count(counts.created)}, ${u} ${count(counts.updated)}, unchanged ${count(counts.unchanged)}, rejected ${count(counts.rejected)}`;
}

/** A one-line progress bar on stderr, redrawn in place (at most ten times a second). */
function progressBar(name: string, width = 24) {
  let last = 0;
  let shown = '';
  const draw = (line: string) => {
    const cols = process.stderr.columns || 100;
    shown = line.length > cols - 1 ? line.slice(0, cols - 2) + '…' : line;
    process.stderr.write(`\r\x1b[2K${shown}`);
  };
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < 100 && p.bytesRead !== p.bytesTotal) return;
      last = now;
      const { rows, rowsTotal, isEstimate } = p.rows;
      const share = rowsTotal ? Math.min(1, rows / rowsTotal) : 0;
      const filled = Math.round(share * width);
      const pct = `${Math.floor(share * 100)}%`.padStart(4);
      const of = rowsTotal === null ? '' : ` of ${isEstimate ? 'about ' : ''}${count(rowsTotal)}`;
      const c = p.counts;
      draw(
        `${name} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct} · ${count(rows)}${of} rows: ${count(c.created)} new, ${count(c.updated)} updated, ${count(c.unchanged)} unchanged, ${count(c.rejected)} rejected`,
      );
    },
    note(message: string) {
      process.stderr.write(`\r\x1b[2K${message}\n`);
      if (shown) process.stderr.write(shown);
    },
    end() {
      if (shown) process.stderr.write('\n');
    },
  };
}

interface ImportOpts {
  workspace?: string;
  dryRun?: boolean;
  json?: boolean;
  mapping?: string;
  preset?: string;
  maxErrors?: string;
}

/** `--mapping`: a JSON file when that path exists, else the name of a mapping saved in the workspace. */
async function mappingOption(
  rt: Runtime,
  workspaceId: string,
  value: string,
): Promise<Pick<ImportOptions, 'mapping' | 'preset'>> {
  if (await stat(value).catch(() => null)) return { mapping: await readMapping(value) };
  return { preset: await findPreset(rt, workspaceId, value, '--mapping') };
}

const out = (s: string) => void process.stdout.write(s);

/** Imports (or dry-runs) one file and prints its outcome; the record, or null for a dry run. */
async function importFile(
  rt: Runtime,
  workspaceId: string,
  file: string,
  options: ImportOptions,
  opts: ImportOpts,
): Promise<ImportRecord | null> {
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) throw new AppError('not_found', `${file}: no such file`);
  const opened = await openImport(
    { name: basename(file), bytes: createReadStream(file), size, reread: () => createReadStream(file) },
    options,
  );
  if (!opts.json && opened.preset.name) {
    process.stderr.write(
      `${basename(file)}: ${options.kind} with preset ${opened.preset.name}${opened.preset.source === 'detected' ? ' (recognised from the header row)' : ''}\n`,
    );
  } else if (!opts.json && opened.preset.note)
    process.stderr.write(`${basename(file)}: ${opened.preset.note}\n`);
  if (opts.dryRun) {
    const report = await dryRunImport(rt, workspaceId, CLI_ACTOR, opened);
    if (opts.json) {
      out(
        `${JSON.stringify({ dryRun: true, file: basename(file), preset: opened.preset.name, ...report })}\n`,
      );
      return null;
    }
    out(`dry run, nothing written: ${summary(report.counts, 'would')}\n`);
    for (const r of report.rejected) out(`  row ${r.row}: ${r.problems.map(describeProblem).join('; ')}\n`);
    if (report.stopped) out(`${report.stopped}\n`);
    return null;
  }
  const record = await startImport(rt, workspaceId, CLI_ACTOR, opened);
  // The bar only on a terminal, and not with --json: piped or scripted runs print the outcome alone.
  const bar = process.stderr.isTTY === true && !opts.json ? progressBar(basename(file)) : null;
  // Ctrl-C cancels: the import stops at the next batch, what it wrote stays (and can be undone).
  const onInterrupt = () => {
    bar?.note('cancelling at the next batch… (Ctrl-C again to quit at once)');
    void cancelImport(rt, workspaceId, CLI_ACTOR, record.id).catch(() => undefined);
  };
  process.once('SIGINT', onInterrupt);
  let done;
  try {
    done = await runImport(rt, workspaceId, CLI_ACTOR, record, opened, (p) => bar?.update(p));
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    bar?.end();
  }
  if (opts.json) {
    out(`${JSON.stringify(done)}\n`);
    return done;
  }
  out(`import ${done.id} ${done.status}: ${summary(done.counts, 'did')}\n`);
  if (done.problem) out(`${done.problem}\n`);
  if (done.counts.rejected > 0) out(`error report: GET /api/v1/imports/${done.id}/errors.csv\n`);
  if (done.status === 'failed') process.exitCode = 1;
  if (done.status === 'cancelled') process.exitCode = 130;
  return done;
}

/** Every file of a dataset's folder, in its order, each through its preset. */
async function importDataset(
  rt: Runtime,
  workspaceId: string,
  dir: string,
  opts: ImportOpts,
  maxErrors: number,
): Promise<void> {
  const files = await readdir(dir).catch(() => null);
  if (!files) throw new AppError('not_found', `${dir}: no such folder`);
  const dataset = findDataset(opts.preset ?? null, files);
  if (!dataset) {
    throw new AppError(
      'validation_failed',
      `${dir}: not a dataset Tandem knows (${IMPORT_DATASETS.map((d) => `${d.name}: ${d.steps.map((s) => s.file).join(', ')}`).join('; ')})`,
    );
  }
  for (const step of dataset.steps) {
    if (!files.includes(step.file)) throw new AppError('not_found', `${join(dir, step.file)}: no such file`);
  }
  for (const step of dataset.steps) {
    if (!opts.json) out(`${step.file} (${step.kind}, preset ${step.preset}):\n`);
    const done = await importFile(
      rt,
      workspaceId,
      join(dir, step.file),
      {
        kind: step.kind,
        maxErrors: maxErrors + (step.knownRejected ?? 0),
        preset: builtInPreset(step.preset)!,
      },
      opts,
    );
    if (done && done.status !== 'done') return;
  }
}

export function registerImportCommand(program: Command, withRuntime: WithRuntime): void {
  program
    .command('import')
    .description(
      'import a CSV file (any delimiter; UTF-8, UTF-16 or Latin-1), mapped by a preset, a saved mapping or the headers; `import presets` lists the presets; `import dataset <folder>` loads a public dataset; `import workspace <file>` a `tandem export workspace` file as a new workspace',
    )
    .argument(
      '<kind>',
      `what the file holds: ${IMPORT_KINDS.join(', ')}, or workspace, dataset, presets`,
      parseKind,
    )
    .argument('[file]', 'the CSV file (the .jsonl file for workspace, the folder for dataset)')
    .option('--workspace <slug>', 'workspace slug (for workspace: the new one, which must not exist)')
    .option('--dry-run', 'report what would be created, updated, unchanged and rejected; write nothing')
    .option('--json', 'print the outcome as JSON')
    .option('--preset <name>', 'map with a preset (see `tandem import presets`); for dataset: olist or maven')
    .option(
      '--mapping <name|file.json>',
      'a mapping saved in the workspace, by name, or a JSON file: {"fields": {"email": "E-mail", …}, "options": {…}}',
    )
    .option('--max-errors <n>', 'stop once more rows than this are rejected', '1000')
    .action((kind: CliImportKind, file: string | undefined, opts: ImportOpts) =>
      withRuntime(async (rt) => {
        if (kind === 'presets') {
          const ws = opts.workspace ? await findWorkspaceBySlug(rt.db, opts.workspace) : null;
          if (opts.workspace && !ws)
            throw new AppError('not_found', `No workspace with slug "${opts.workspace}".`);
          const presets = ws ? await listPresets(rt, ws.id) : IMPORT_PRESETS;
          if (opts.json) return out(`${JSON.stringify(presets)}\n`);
          return out(presetTable(presets));
        }
        if (!file) throw new AppError('validation_failed', `file: tandem import ${kind} needs a file`);
        if (!opts.workspace) throw new AppError('validation_failed', '--workspace: is required');
        if (kind === 'workspace') return importWorkspaceCommand(rt, file, opts.workspace, process.stdout);
        const ws = await findWorkspaceBySlug(rt.db, opts.workspace);
        if (!ws) throw new AppError('not_found', `No workspace with slug "${opts.workspace}".`);
        const maxErrors = Number(opts.maxErrors);
        if (!Number.isInteger(maxErrors) || maxErrors < 0) {
          throw new AppError('validation_failed', '--max-errors: must be a whole number');
        }
        if (kind === 'dataset') return importDataset(rt, ws.id, file, opts, maxErrors);
        if (opts.preset && opts.mapping) {
          throw new AppError('validation_failed', '--preset: give a preset or a mapping, not both');
        }
        await importFile(
          rt,
          ws.id,
          file,
          {
            kind,
            maxErrors,
            ...(opts.mapping ? await mappingOption(rt, ws.id, opts.mapping) : {}),
            ...(opts.preset ? { preset: await findPreset(rt, ws.id, opts.preset, '--preset') } : {}),
          },
          opts,
        );
      }),
    );
}
