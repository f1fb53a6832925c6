// What a test reads back to check what the product stored, where no store read answers it: a
// table's rows matching some columns, typed by the Drizzle schema, and how many there are. The
// statement is built by drizzle-orm from the schema, so tests hold no SQL (all SQL lives in src/store).
import {
  type AnyColumn,
  type InferSelectModel,
  type SQL,
  and,
  asc,
  eq,
  getTableColumns,
  inArray,
  isNull,
} from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Queryable } from '../../src/store/db.js';

const builder = drizzle(() => {
  throw new Error('stored-rows only builds statements');
});

type Key<T extends PgTable> = keyof InferSelectModel<T> & string;

/** Equal to a value, null for `is null`, a list for `in (…)`. */
export type Match<T extends PgTable> = {
  [K in Key<T>]?: InferSelectModel<T>[K] | readonly NonNullable<InferSelectModel<T>[K]>[];
};

/** The rows of `table` matching every column of `where`, in `orderBy` order (by `id` if not given). */
export async function storedRows<T extends PgTable>(
  q: Queryable,
  table: T,
  where: Match<T>,
  orderBy?: readonly Key<T>[],
): Promise<InferSelectModel<T>[]> {
  const columns = getTableColumns(table) as Record<string, AnyColumn>;
  const column = (key: string): AnyColumn => {
    const c = columns[key];
    if (!c) throw new Error(`storedRows: the table has no column ${key}`);
    return c;
  };
  const conditions: SQL[] = Object.entries(where).map(([key, value]) =>
    value === null
      ? isNull(column(key))
      : Array.isArray(value)
        ? inArray(column(key), value)
        : eq(column(key), value),
  );
  const order = (orderBy ?? ('id' in columns ? ['id'] : [])).map((key) => asc(column(key)));
  const { sql, params } = builder
    .select()
    .from(table as PgTable)
    .where(and(...conditions))
    .orderBy(...order)
    .toSQL();
  const byName = new Map(Object.entries(columns).map(([key, c]) => [c.name, key]));
  const rows = await q.query<Record<string, unknown>>(sql, params);
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([name, value]) => [byName.get(name) ?? name, value]),
      ) as InferSelectModel<T>,
  );
}

/** How many rows of `table` match every column of `where`. */
export async function storedCount<T extends PgTable>(
  q: Queryable,
  table: T,
  where: Match<T>,
): Promise<number> {
  return (await storedRows(q, table, where)).length;
}
