// `tandem workspace create|list`: company workspaces from the command line, through the same service
// as the first-run setup page.
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { timeZoneSchema, workspaceNameSchema, workspaceSlugSchema } from '../domain/workspace-setup.js';
import { randomToken } from '../services/credentials.js';
import { createCompanyWorkspace } from '../services/setup.js';
import { listWorkspaces } from '../store/workspaces.js';
import type { Runtime } from './runtime.js';

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'tandem CLI' };

type WithRuntime = <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>;

/** A commander argument parser from a zod schema: commander then names the flag in its error. */
const parsedBy =
  <T>(schema: z.ZodType<T>) =>
  (value: string): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(result.error.issues[0]?.message ?? 'is not valid');
    return result.data;
  };

const emailSchema = z.email({ message: 'must be an e-mail address' }).max(320);

// The service names fields as the API does; the command says which flag to fix.
const FLAG_OF: Record<string, string> = {
  slug: '--slug',
  email: '--admin-email',
  password: '--password',
};

function namingFlags(err: unknown): unknown {
  if (!(err instanceof AppError) || err.errors.length === 0) return err;
  const said = err.errors.map((e) => `${FLAG_OF[e.field] ?? e.field}: ${e.message}`).join('; ');
  return new AppError(err.code, said, err.errors);
}

interface CreateOptions {
  slug: string;
  name: string;
  adminEmail: string;
  adminName?: string;
  password?: string;
  timeZone: string;
}

export function registerWorkspaceCommands(program: Command, withRuntime: WithRuntime): void {
  const workspace = program.command('workspace').description('manage company workspaces');

  workspace
    .command('create')
    .description('create a workspace with its first admin (prints the password when one is generated)')
    .requiredOption(
      '--slug <slug>',
      'short name people sign in with (a–z, 0–9, hyphens)',
      parsedBy(workspaceSlugSchema),
    )
    .requiredOption('--name <name>', 'company name', parsedBy(workspaceNameSchema))
    .requiredOption('--admin-email <email>', "the first admin's e-mail address", parsedBy(emailSchema))
    .option('--admin-name <name>', "the first admin's name (default: from the e-mail address)")
    .option('--password <password>', "the first admin's password (a strong one is generated when omitted)")
    .option('--time-zone <zone>', 'IANA time zone of the company', parsedBy(timeZoneSchema), 'UTC')
    .action((opts: CreateOptions) =>
      withRuntime(async (rt) => {
        const password = opts.password ?? randomToken(18);
        const name = opts.adminName?.trim() || (opts.adminEmail.split('@')[0] ?? opts.adminEmail);
        const { workspace: ws, admin } = await createCompanyWorkspace(rt, CLI_ACTOR, {
          slug: opts.slug,
          name: opts.name,
          timeZone: opts.timeZone,
          admin: { name, email: opts.adminEmail, password },
        }).catch((err: unknown) => {
          throw namingFlags(err);
        });
        process.stdout.write(
          [
            `created workspace ${ws.slug} (${ws.name}, ${ws.timeZone}) with admin ${admin.email}`,
            ...(opts.password ? [] : [`password: ${password}`]),
            '',
          ].join('\n'),
        );
      }),
    );

  workspace
    .command('list')
    .description('list the workspaces: slug, name, members, created')
    .option('--json', 'print JSON, one array')
    .action((opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const all = await listWorkspaces(rt.db);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(all.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })))}\n`,
          );
          return;
        }
        const rows = [
          ['SLUG', 'NAME', 'MEMBERS', 'CREATED'],
          ...all.map((w) => [
            w.slug,
            w.name,
            String(w.members),
            w.createdAt.toISOString().slice(0, 16).replace('T', ' '),
          ]),
        ];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
        for (const r of rows)
          process.stdout.write(
            `${r
              .map((c, i) => c.padEnd(widths[i]!))
              .join('  ')
              .trimEnd()}\n`,
          );
      }),
    );
}
