// `tandem import <kind> <file>`: streams a CSV file through the same import service as the API,
// with a progress bar on stderr when it is a terminal, Ctrl-C to cancel, and the outcome (or the
// dry run's report) on stdout.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { IMPORT_KINDS, type ImportKind, type ImportMapping } from '../domain/import-mapping.js';
import { describeProblem } from '../services/import-reports.js';
import { type ImportReport, dryRunImport, openImport } from '../services/imports.js';
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
      .object({ dateFormat: z.string().optional(), decimalSeparator: z.enum(['.', ',']).optional() })
      .strict()
      .optional(),
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

/** The CSV kinds, and `workspace`: a `tandem export workspace` file, imported as a new workspace. */
type CliImportKind = ImportKind | 'workspace';

function parseKind(value: string): CliImportKind {
  if (value !== 'workspace' && !(IMPORT_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${IMPORT_KINDS.join(', ')}, workspace`);
  }
  return value as CliImportKind;
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
      const share = p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
      const filled = Math.round(share * width);
      const pct = `${Math.floor(share * 100)}%`.padStart(4);
      const c = p.counts;
      draw(
        `${name} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct} · ${count(c.rows)} rows: ${count(c.created)} new, ${count(c.updated)} updated, ${count(c.unchanged)} unchanged, ${count(c.rejected)} rejected`,
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
  workspace: string;
  dryRun?: boolean;
  json?: boolean;
  mapping?: string;
  maxErrors?: string;
}

export function registerImportCommand(program: Command, withRuntime: WithRuntime): void {
  program
    .command('import')
    .description(
      'import a CSV file of leads or accounts (any delimiter; UTF-8, UTF-16 or Latin-1), or a `tandem export workspace` file as a new workspace',
    )
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(', ')} or workspace`, parseKind)
    .argument('<file>', 'the CSV file (the .jsonl file for workspace)')
    .requiredOption('--workspace <slug>', 'workspace slug (for workspace: the new one, which must not exist)')
    .option('--dry-run', 'report what would be created, updated, unchanged and rejected; write nothing')
    .option('--json', 'print the outcome as JSON')
    .option(
      '--mapping <file.json>',
      'the mapping as JSON: {"fields": {"email": "E-mail", …}, "options": {…}}',
    )
    .option('--max-errors <n>', 'stop once more rows than this are rejected', '1000')
    .action((kind: CliImportKind, file: string, opts: ImportOpts) =>
      withRuntime(async (rt) => {
        if (kind === 'workspace') return importWorkspaceCommand(rt, file, opts.workspace, process.stdout);
        const ws = await findWorkspaceBySlug(rt.db, opts.workspace);
        if (!ws) throw new AppError('not_found', `No workspace with slug "${opts.workspace}".`);
        const maxErrors = Number(opts.maxErrors);
        if (!Number.isInteger(maxErrors) || maxErrors < 0) {
          throw new AppError('validation_failed', '--max-errors: must be a whole number');
        }
        const size = (await stat(file).catch(() => null))?.size;
        if (size === undefined) throw new AppError('not_found', `${file}: no such file`);
        const opened = await openImport(
          { name: basename(file), bytes: createReadStream(file), size },
          { kind, maxErrors, ...(opts.mapping ? { mapping: await readMapping(opts.mapping) } : {}) },
        );
        const out = (s: string) => process.stdout.write(s);
        if (opts.dryRun) {
          const report = await dryRunImport(rt, ws.id, CLI_ACTOR, opened);
          if (opts.json) return void out(`${JSON.stringify({ dryRun: true, ...report })}\n`);
          out(`dry run, nothing written: ${summary(report.counts, 'would')}\n`);
          for (const r of report.rejected)
            out(`  row ${r.row}: ${r.problems.map(describeProblem).join('; ')}\n`);
          if (report.stopped) out(`${report.stopped}\n`);
          return;
        }
        const record = await startImport(rt, ws.id, CLI_ACTOR, opened);
        // The bar only on a terminal, and not with --json: piped or scripted runs print the outcome alone.
        const bar = process.stderr.isTTY === true && !opts.json ? progressBar(basename(file)) : null;
        // Ctrl-C cancels: the import stops at the next batch, what it wrote stays (and can be undone).
        const onInterrupt = () => {
          bar?.note('cancelling at the next batch… (Ctrl-C again to quit at once)');
          void cancelImport(rt, ws.id, CLI_ACTOR, record.id).catch(() => undefined);
        };
        process.once('SIGINT', onInterrupt);
        let done;
        try {
          done = await runImport(rt, ws.id, CLI_ACTOR, record, opened, (p) => bar?.update(p));
        } finally {
          process.removeListener('SIGINT', onInterrupt);
          bar?.end();
        }
        if (opts.json) return void out(`${JSON.stringify(done)}\n`);
        out(`import ${done.id} ${done.status}: ${summary(done.counts, 'did')}\n`);
        if (done.problem) out(`${done.problem}\n`);
        if (done.counts.rejected > 0) {
          out(`error report: GET /api/v1/imports/${done.id}/errors.csv\n`);
        }
        if (done.status === 'failed') process.exitCode = 1;
        if (done.status === 'cancelled') process.exitCode = 130;
      }),
    );
}
