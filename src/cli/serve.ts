// `tandem serve`: migrate, create the demo workspace on first start, listen, shut down gracefully.
import { buildApp } from '../http/app.js';
import { createMailer } from '../jobs/mailer.js';
import { coreWorkers, outboxWorkers, startWorkers } from '../jobs/workers.js';
import { createAppServices } from '../services/app-services.js';
import { listenForFolds } from '../store/fold-queue.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, ensureDemoWorkspace } from '../services/demo-workspace.js';
import { isFirstRun } from '../services/setup.js';
import { STALE_IMPORT_MS, interruptAbandonedImports } from '../services/imports.js';
import { linkBase } from '../config.js';
import { openRuntime } from './runtime.js';
import { seedDemo } from './seed-demo.js';

/**
 * The demo's shared admin password is published, so unless HOST says otherwise the demo listens on
 * loopback only; a real deployment (no --demo) listens on every interface by default.
 */
export function listenHost(configured: string | null, opts: { demo: boolean }): string {
  return configured ?? (opts.demo ? '127.0.0.1' : '0.0.0.0');
}

export async function serve(opts: { demo: boolean }): Promise<void> {
  const started = Date.now();
  const rt = await openRuntime();
  const { config, logger } = rt;
  // Webhooks are checked against the allow-list where they are created (HTTP) and sent (workers).
  const deps = {
    ...rt,
    webhookAllowedHosts: config.webhookAllowedHosts,
    mailer: createMailer(config.mail),
    publicUrl: linkBase(config),
  };
  // Imports a crashed process left running are marked interrupted (their uploads are gone, so they
  // cannot resume). The embedded database has one process: every running import is from a dead one.
  const interrupted = await interruptAbandonedImports(rt.db, {
    silentForMs: config.database.kind === 'postgres' ? STALE_IMPORT_MS : 0,
  });
  if (interrupted > 0)
    logger.warn({ interrupted }, 'imports left running by a stopped server marked interrupted');
  let demoCreated = false;
  if (opts.demo) {
    const result = await ensureDemoWorkspace(rt, { replace: false, seed: seedDemo });
    demoCreated = result.created;
  }
  // Workers off holds the folder too: such a node accepts, and nodes with workers fold.
  const services = createAppServices(deps, { autoFold: config.workers });
  const app = await buildApp(deps, {
    services,
    bodyLimitBytes: config.bodyLimitBytes,
    sessionTtlMs: config.sessionTtlMs,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    loggerInstance: logger,
  });
  const address = await app.listen({ port: config.port, host: listenHost(config.host, opts) });
  const workers = config.workers
    ? startWorkers(deps, [...coreWorkers({ ...deps, ...services }), ...outboxWorkers(deps)])
    : null;
  const listener = config.workers
    ? await listenForFolds(
        rt.db,
        () => services.fold.wake(),
        (err) => logger.warn({ err }, 'fold listener lost its connection; reconnecting'),
      )
    : null;
  const needsSetup = await isFirstRun(rt);
  const url = config.publicUrl ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const where =
    config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded database at ${config.database.dataDir}`;
  process.stdout.write(
    [
      '',
      `  Tandem is running at ${url}  (${where}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      ...(opts.demo
        ? [
            `  Demo workspace "demo"${demoCreated ? ' created' : ''}: sign in as ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`,
          ]
        : []),
      ...(needsSetup
        ? [`  No company workspace yet: open ${url}/setup to set one up (first visitor only).`]
        : []),
      '',
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await listener?.close();
      await app.close();
      await workers?.stop();
      await rt.close();
    } finally {
      clearTimeout(force);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
