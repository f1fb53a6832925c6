// One small interface over the two PostgreSQL drivers: PGlite (embedded) and node-postgres (server).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite, parse as pgliteParse, protocol, types as pgliteTypes } from '@electric-sql/pglite';
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
      // Prepared statements (below) keep their parse, not a generic plan: each run is planned for its
      // values, as PGlite's unnamed statements were (a generic plan of the fold's claim ran 4× slower).
      startParams: [
        ...PGlite.defaultStartParams,
        '-c',
        `shared_buffers=${PGLITE_SHARED_BUFFERS}`,
        '-c',
        'plan_cache_mode=force_custom_plan',
      ],
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
  const prepared = preparedStatements(pglite);
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>, inTransaction: boolean): Queryable => ({
    query: <R>(sql: string, params?: readonly unknown[]) =>
      prepared.query<R>(sql, params ?? [], { inTransaction, unnamed: q }),
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const direct = wrap(pglite, false);
  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) => retrying(() => exclusive(() => pglite.transaction((tx) => fn(wrap(tx, true))))),
    close: () => exclusive(() => pglite.close()).finally(unlock),
  };
}

const MAX_PREPARED = 1000;
const { serialize } = protocol;

function concatMessages(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Named prepared statements on the embedded database, as node-postgres gets them on the server:
 * PGlite's own query() parses, describes and plans every statement on every call, which costs more
 * than running most of ours (a hand-off snapshot: about 46 ms of CPU unnamed, 8 ms prepared).
 * Statements are session-level, so they survive rollbacks; past MAX_PREPARED texts, unnamed again.
 */
function preparedStatements(pglite: PGlite) {
  const statements = new Map<string, { name: string; paramTypes: number[] }>();
  let made = 0;
  const prepare = async (sql: string) => {
    const name = `t_${made++}`;
    const { messages } = await pglite.execProtocol(
      concatMessages([
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement = { name, paramTypes: pgliteParse.parseDescribeStatementResults(messages) };
    statements.set(sql, statement);
    return statement;
  };
  const forget = async (sql: string) => {
    const statement = statements.get(sql);
    if (!statement) return;
    statements.delete(sql);
    await pglite.execProtocol(
      concatMessages([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]),
      { syncToFs: false, throwOnError: false },
    );
  };
  const run = async <R>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<R[]> => {
    const { name, paramTypes } = statements.get(sql) ?? (await prepare(sql));
    // The values as PGlite's own query() turns them into text, by the type each parameter was given.
    const values = params.map((p, i) => {
      if (p === null || p === undefined) return null;
      const toText = pglite.serializers[paramTypes[i]!];
      return toText ? toText(p) : String(p);
    });
    const { messages } = await pglite.execProtocol(
      concatMessages([
        serialize.bind({ statement: name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: !inTransaction },
    );
    return (pgliteParse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) as R[];
  };
  return {
    async query<R>(
      sql: string,
      params: readonly unknown[],
      opts: { inTransaction: boolean; unnamed: Pick<PGlite, 'query'> },
    ): Promise<R[]> {
      if (!statements.has(sql) && statements.size >= MAX_PREPARED) {
        return (await opts.unnamed.query<R>(sql, params as unknown[])).rows;
      }
      try {
        return await run<R>(sql, params, opts.inTransaction);
      } catch (err) {
        // A table changed shape under a prepared `select *` (a migration in the same session):
        // prepare it again; inside a transaction the transaction has failed, so only forget it.
        if ((err as { code?: string }).code !== '0A000' || !statements.has(sql)) throw err;
        await forget(sql);
        if (opts.inTransaction) throw err;
        return run<R>(sql, params, false);
      }
    },
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
