// What every use-case receives: the database, the time, and a logger. Nothing global.
import type { HostAllowList } from '../domain/network-address.js';
import type { Mailer } from '../jobs/mailer.js';
import type { Db } from '../store/db.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface Deps {
  db: Db;
  /**
   * Where the shared reports read (DATABASE_REPLICA_URL: a streaming replica); absent, they read
   * `db`. Only read-only report queries go here: everything that writes uses `db`.
   */
  reportDb?: Db;
  clock: () => Date;
  log: Logger;
  /** Non-public hosts webhooks may reach (WEBHOOK_ALLOWED_HOSTS); none when absent. */
  webhookAllowedHosts?: HostAllowList;
  /** Outgoing e-mail; absent or disabled when SMTP_URL is not set. */
  mailer?: Mailer;
  /** Where people open Tandem, for links in alerts and webhooks: PUBLIC_URL, else this node's address. */
  publicUrl?: string;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** The database a report reads: the replica when one is configured, else the primary. */
export function reportReader(deps: Pick<Deps, 'db' | 'reportDb'>): Db {
  return deps.reportDb ?? deps.db;
}
