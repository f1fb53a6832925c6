// The `tandem` command: thin — parses arguments and calls services.
import { refreshTableStatistics } from '../services/table-statistics.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config.js';
import { DataDirInUseError } from '../store/data-dir-lock.js';
import { AppError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/roles.js';
import { createApiKey } from '../services/api-keys.js';
import { randomToken } from '../services/credentials.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, ensureDemoWorkspace } from '../services/demo-workspace.js';
import { addUser } from '../services/workspaces.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import { migrationVersion } from '../store/migrate.js';
import { type Runtime, openRuntime } from './runtime.js';
import { seedDemo } from './seed-demo.js';
import { serve } from './serve.js';
import { registerExportCommands } from './export-commands.js';
import { registerImportCommand } from './import-command.js';
import { registerReportCommands } from './report-commands.js';
import { registerMeasureCommands } from './measure-commands.js';
import { registerWorkspaceCommands } from './workspace-commands.js';

const CLI_ACTOR = { type: 'cli' as const, id: null, label: 'tandem CLI' };

async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime();
  try {
    const result = await work(rt);
    // PGlite runs no autovacuum: a command that loaded data (an import) leaves the planner's
    // statistics fresh for the next command's reports, as the server's worker does.
    if (rt.db.kind === 'pglite') await refreshTableStatistics(rt.db);
    return result;
  } finally {
    await rt.close();
  }
}

async function workspaceIdOf(rt: Runtime, slug: string): Promise<string> {
  const ws = await findWorkspaceBySlug(rt.db, slug);
  if (!ws) throw new AppError('not_found', `No workspace with slug "${slug}".`);
  return ws.id;
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}

const program = new Command()
  .name('tandem')
  .description('Tandem: the lead-lifecycle agreement between sales and marketing, enforced on live data.')
  .showHelpAfterError();

program
  .command('serve')
  .description("start the HTTP server (and this node's background workers)")
  .option('--demo', 'create the demo workspace on first start')
  .action(async (opts: { demo?: boolean }) => {
    await serve({ demo: opts.demo === true });
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() =>
    withRuntime(async (rt) => {
      process.stdout.write(`database at migration version ${await migrationVersion(rt.db)}\n`);
    }),
  );

program
  .command('demo')
  .description('re-create the demo workspace from scratch')
  .action(() =>
    withRuntime(async (rt) => {
      await ensureDemoWorkspace(rt, { replace: true, seed: seedDemo });
      process.stdout.write(`demo workspace re-created; sign in as ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}\n`);
    }),
  );

registerWorkspaceCommands(program, withRuntime);
registerExportCommands(program, withRuntime);
registerImportCommand(program, withRuntime);

const user = program.command('user').description('manage workspace members');
user
  .command('add')
  .description('add a member to a workspace (prints the password when one is generated)')
  .requiredOption('--workspace <slug>', 'workspace slug')
  .requiredOption('--email <email>', 'e-mail address, used to sign in')
  .option('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).default('sales_rep'))
  .option('--password <password>', 'password (generated when omitted)')
  .option('--time-zone <zone>', 'IANA time zone', 'UTC')
  .action(
    (opts: {
      workspace: string;
      email: string;
      name?: string;
      role: string;
      password?: string;
      timeZone: string;
    }) =>
      withRuntime(async (rt) => {
        const workspaceId = await workspaceIdOf(rt, opts.workspace);
        const password = opts.password ?? randomToken(12);
        const created = await rt.db.transaction((tx) =>
          addUser(tx, CLI_ACTOR, workspaceId, {
            email: opts.email,
            name: opts.name ?? opts.email.split('@')[0] ?? opts.email,
            role: parseRole(opts.role),
            password,
            timeZone: opts.timeZone,
          }),
        );
        process.stdout.write(
          `added ${created.email} (${created.role})${opts.password ? '' : `; password: ${password}`}\n`,
        );
      }),
  );

const apiKey = program.command('api-key').description('manage API keys');
apiKey
  .command('create')
  .description('create a key and print it alone on stdout (it is shown only this once)')
  .requiredOption('--workspace <slug>', 'workspace slug')
  .addOption(
    new Option('--type <type>', 'secret (API access) or write (event ingestion)')
      .choices(['secret', 'write'])
      .makeOptionMandatory(),
  )
  .addOption(new Option('--role <role>', 'role of a secret key').choices(ROLES))
  .option('--name <name>', 'a name to recognise the key by', 'CLI key')
  .action((opts: { workspace: string; type: 'secret' | 'write'; role?: string; name: string }) =>
    withRuntime(async (rt) => {
      const workspaceId = await workspaceIdOf(rt, opts.workspace);
      const { secret } = await rt.db.transaction((tx) =>
        createApiKey(tx, CLI_ACTOR, {
          workspaceId,
          type: opts.type,
          role: opts.role ? parseRole(opts.role) : opts.type === 'secret' ? 'admin' : null,
          name: opts.name,
        }),
      );
      process.stdout.write(`${secret}\n`);
    }),
  );

registerReportCommands(program, withRuntime, workspaceIdOf);
registerMeasureCommands(program, withRuntime, workspaceIdOf);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof AppError || err instanceof ConfigError || err instanceof DataDirInUseError) {
    process.stderr.write(`tandem: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
