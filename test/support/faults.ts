// Faults a test injects into the database: a statement that fails once as a serialization failure
// (or deadlock) would, so retries can be tested the same way on both drivers.
import type { Db, Queryable } from '../../src/store/db.js';

/** `inner`, but the first statement inside a transaction that starts with `prefix` fails with 40001. */
export function failingFirst(inner: Db, prefix: string, failures: { count: number }): Db {
  const flaky = (tx: Queryable): Queryable => ({
    exec: (sql) => tx.exec(sql),
    query: (sql, params) => {
      if (failures.count === 0 && sql.trimStart().startsWith(prefix)) {
        failures.count++;
        return Promise.reject(Object.assign(new Error('could not serialize access'), { code: '40001' }));
      }
      return tx.query(sql, params);
    },
  });
  return { ...inner, transaction: (fn) => inner.transaction((tx) => fn(flaky(tx))) };
}
