// One small interface over the two PostgreSQL drivers: PGlite (embedded) and node-postgres (server).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export type Tx = Queryable;

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** The node-postgres pool (PostgreSQL only), for store code whose library needs a client of its own. */
  readonly pool?: pg.Pool;
  /**
   * Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. After a
   * serialization failure or a deadlock `fn` runs again, from the start, on both drivers: whatever
   * it keeps outside the transaction must not carry an attempt's state into the next.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Both drivers hand back the same JavaScript types: counts and ids as numbers, times as Dates.
const toNumber = (v: string): number => Number(v);

const PGLITE_SHARED_BUFFERS = '32MB';

/** The embedded database: one process, one session, so every use goes through one queue. */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  let unlock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber },
      // The buffer pool lives in the process's WebAssembly memory, which never shrinks: PostgreSQL's
      // 128 MB default would all become resident. The data files are ordinary files, so the OS
      // page cache still holds what the pool does not.
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
  } catch (e) {
    unlock();
    throw e;
  }
  let tail: Promise<unknown> = Promise.resolve();
  // Serialise: a transaction must never interleave with another statement on the single session.
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<R>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const direct = wrap(pglite);
  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) => retrying(() => exclusive(() => pglite.transaction((tx) => fn(wrap(tx))))),
    close: () => exclusive(() => pglite.close()).finally(unlock),
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
};

// Serialization failures and deadlocks are safe to retry: the transaction did nothing.
const RETRYABLE = new Set(['40001', '40P01']);

/** Runs a transaction, again after a retryable failure (at most five attempts in all). */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && RETRYABLE.has(code) && n < 5) continue;
      throw err;
    }
  }
}

// Every statement with parameters is a named prepared statement (named by a hash of its text), so
// each connection parses and plans it once instead of on every call.
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `t_${createHash('sha1').update(sql).digest('base64url')}`;
    if (statementNames.size > 5000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

/** A PostgreSQL server, shared safely by several app processes. */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await c.query({
        name: statementName(sql),
        text: sql,
        values: params as unknown[] | undefined,
      });
      return res.rows as R[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const direct = wrap(pool);
  await direct.query('select 1');
  return {
    kind: 'postgres',
    pool,
    query: direct.query,
    exec: direct.exec,
    transaction: (fn) =>
      retrying(async () => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn(wrap(client));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}

export function openDatabase(
  config:
    { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string | undefined },
): Promise<Db> {
  return config.kind === 'postgres' ? openPostgres(config.url, config.poolSize) : openPglite(config.dataDir);
}
