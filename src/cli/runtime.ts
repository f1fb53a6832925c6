// Opens what a command needs: configuration, logger, the database (migrated), a clock.
import { pino } from 'pino';
import { type Config, loadConfig } from '../config.js';
import type { Deps } from '../services/deps.js';
import { openDatabase } from '../store/db.js';
import { migrate } from '../store/migrate.js';

export interface Runtime extends Deps {
  config: Config;
  logger: pino.Logger;
  close(): Promise<void>;
}

/** Logs go to stderr so that commands can print results alone on stdout. */
export async function openRuntime(opts: { migrate: boolean } = { migrate: true }): Promise<Runtime> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const db = await openDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
      : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  // Reports may read a streaming replica; it is opened after the primary so a bad primary fails first.
  const reportDb = config.reportReplica
    ? await openDatabase({
        kind: 'postgres',
        url: config.reportReplica.url,
        poolSize: config.reportReplica.poolSize,
      })
    : undefined;
  if (opts.migrate) {
    const { applied, version } = await migrate(db);
    if (applied.length) logger.info({ applied, version }, 'migrations applied');
  }
  return {
    config,
    logger,
    db,
    ...(reportDb ? { reportDb } : {}),
    log: logger,
    clock: () => new Date(),
    close: async () => {
      await reportDb?.close();
      await db.close();
    },
  };
}
