// `tandem export <list>` (any list the API downloads as CSV, or the whole workspace as JSON Lines) and
// `tandem import workspace <file>`. A list is read through the API's own route, in process, so the CLI
// downloads exactly what the button and `?format=csv` do.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { AppError } from '../domain/errors.js';
import { buildApp } from '../http/app.js';
import type { Deps } from '../services/deps.js';
import { exportWorkspaceToFile, importWorkspaceFromFile } from '../services/workspace-transfer.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import type { Runtime } from './runtime.js';

/** The in-process app serves no web pages. */
const NO_WEB_APP = '/nonexistent';

type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;

export interface ExportOptions {
  workspace: string;
  out?: string;
  /** The lead or webhook a nested list belongs to (lead-events, webhook-deliveries). */
  id?: string;
  /** `key=value` filters, as the list's API query takes them. */
  filter: string[];
}

const collect = (value: string, previous: string[]): string[] => {
  if (!/^[A-Za-z][A-Za-z0-9]*=/.test(value)) throw new InvalidArgumentError('must be key=value');
  return [...previous, value];
};

async function workspaceIdOf(deps: Deps, slug: string): Promise<string> {
  const ws = await findWorkspaceBySlug(deps.db, slug);
  if (!ws) throw new AppError('not_found', `No workspace with slug "${slug}".`);
  return ws.id;
}

/**
 * Writes a list as CSV to `out` (a file when opts.out is set): the API's route answers, acting as the
 * workspace's admin; a refusal (bad filter, unknown lead) is an AppError naming the field.
 */
export async function exportList(
  deps: Deps,
  list: string,
  opts: ExportOptions,
  stdout: Writable,
): Promise<void> {
  const workspaceId = await workspaceIdOf(deps, opts.workspace);
  if (list === 'workspace') {
    if (!opts.out)
      throw new AppError('validation_failed', '--out: the workspace export is written to a file');
    const rows = await exportWorkspaceToFile(deps, workspaceId, opts.out);
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    stdout.write(`exported ${total} rows of ${Object.keys(rows).length} tables to ${opts.out}\n`);
    return;
  }
  const app = await buildApp(deps, {
    bodyLimitBytes: 1,
    sessionTtlMs: 1,
    secureCookies: false,
    webDist: NO_WEB_APP,
    actAs: { kind: 'api_key', workspaceId, keyId: 'cli', role: 'admin', label: 'tandem CLI' },
  });
  try {
    const known = app.csvLists.find((l) => l.name === list);
    if (!known)
      throw new AppError(
        'validation_failed',
        `<list>: no list "${list}"; one of workspace, ${app.csvLists.map((l) => l.name).join(', ')}`,
      );
    const hasId = known.url.includes(':');
    if (hasId && !opts.id)
      throw new AppError('validation_failed', `--id: ${list} belongs to one record: name it`);
    const url = known.url.replace(/:[A-Za-z]+/, encodeURIComponent(opts.id ?? ''));
    const query = new URLSearchParams([
      ['format', 'csv'],
      ...opts.filter.map((f) => f.split(/=(.*)/s).slice(0, 2)),
    ]);
    const res = await app.inject({ method: 'GET', url: `${url}?${query.toString()}`, payloadAsStream: true });
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res.stream()) chunks.push(c as Buffer);
      const problem = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        detail?: string;
        code?: AppError['code'];
        errors?: AppError['errors'];
      };
      const fieldsAsFlags = (problem.errors ?? []).map((e) => ({
        ...e,
        field: e.field.replace(/^query\./, '--filter '),
      }));
      throw new AppError(
        problem.code ?? 'validation_failed',
        fieldsAsFlags.length
          ? fieldsAsFlags.map((e) => `${e.field}: ${e.message}`).join('; ')
          : (problem.detail ?? res.statusMessage),
        fieldsAsFlags,
      );
    }
    const out = opts.out ? createWriteStream(opts.out) : stdout;
    for await (const chunk of res.stream()) if (!out.write(chunk)) await once(out, 'drain');
    if (opts.out)
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
  } finally {
    await app.close();
  }
}

export async function importWorkspaceCommand(
  deps: Deps,
  file: string,
  slug: string,
  stdout: Writable,
): Promise<void> {
  const { rows } = await importWorkspaceFromFile(deps, file, slug);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  stdout.write(`imported ${total} rows into the new workspace "${slug}"\n`);
}

export function registerExportCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('export')
    .description(
      'a list as CSV (leads, accounts, members, …: any list the API downloads), or `workspace` as JSON Lines',
    )
    .argument(
      '<list>',
      'workspace, or a list name (leads, accounts, inbox, members, teams, notifications, …)',
    )
    .requiredOption('--workspace <slug>', 'workspace slug')
    .option('--out <file>', 'write to this file (default: stdout; required for `workspace`)')
    .option('--id <id>', 'the lead or webhook a nested list belongs to (lead-events, webhook-deliveries)')
    .option(
      '--filter <key=value>',
      "a filter as the list's API takes it, e.g. stage=mql (repeatable)",
      collect,
      [],
    )
    .action((list: string, opts: ExportOptions) =>
      withRuntime((rt) => exportList(rt, list, opts, process.stdout)),
    );
}
