// A database whose server is gone: node-postgres pointed at a port where nothing listens, so every
// statement fails with the driver's own ECONNREFUSED (what the health check and error pages must hide).
import pg from 'pg';
import type { Db } from '../../src/store/db.js';

export function unreachablePostgres(): Db {
  const pool = new pg.Pool({ connectionString: 'postgres://tandem@127.0.0.1:1/tandem' });
  const query = async <R>(sql: string, params?: readonly unknown[]) =>
    (await pool.query(sql, params as unknown[])).rows as R[];
  const exec = async (sql: string) => void (await pool.query(sql));
  return {
    kind: 'postgres',
    query,
    exec,
    transaction: (fn) => fn({ query, exec }),
    close: () => pool.end(),
  };
}
