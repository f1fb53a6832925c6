// Rows typed by the Drizzle schema (src/store/schema): what plain SQL reads is mapped to the
// schema's keys and typed `$inferSelect`; inserts and updates with a varying set of columns are
// built by drizzle-orm's query builder and run on our own Queryable.
import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Queryable, Row } from './db.js';

const camelCache = new Map<string, string>();

/** `last_used_at` → `lastUsedAt`: how the schema names every column's key. */
function camel(column: string): string {
  let key = camelCache.get(column);
  if (key === undefined) {
    key = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(column, key);
  }
  return key;
}

/** A row of computed or joined columns under camelCase keys; `T` names what the SELECT list holds. */
export function camelRow<T>(row: Row): T {
  const out: Row = {};
  for (const column in row) out[camel(column)] = row[column];
  return out as T;
}

/**
 * The reader of one table's rows (`select *`, `returning *`, or the same row as JSON from
 * `json_agg`/`row_to_json`, whose times arrive as text and are made Dates again): each column
 * under its schema key, typed as the schema's `$inferSelect`. Columns the table lacks (a join's)
 * keep their camelCase name.
 */
export function rowReader<T extends Table>(table: T): (row: Row) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table)).map(([key, c]) => ({
    key,
    name: c.name,
    isTime: c.columnType === 'PgTimestamp',
  }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  return (row) => {
    const out: Row = {};
    for (const name in row) {
      const c = byName.get(name);
      const v = row[name];
      out[c?.key ?? camel(name)] = c?.isTime && typeof v === 'string' ? new Date(v) : v;
    }
    return out as InferSelectModel<T>;
  };
}

/** The SELECT list of some of a table's columns (`alias.column, …`), in the order given. */
export function columnList<T extends Table>(
  table: T,
  keys: readonly (keyof InferSelectModel<T> & string)[],
  alias?: string,
): string {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return keys.map((k) => (alias ? `${alias}.${columns[k]!.name}` : columns[k]!.name)).join(', ');
}

/** Some of a table's columns, as a drizzle-orm selection (for `.returning(…)`). */
export function pick<T extends Table>(
  table: T,
  keys: readonly (keyof InferSelectModel<T> & string)[],
): Record<string, PgColumn> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  return Object.fromEntries(keys.map((k) => [k, columns[k]!]));
}

/**
 * Rows keyed like the schema, sent as one JSON array to `json_to_recordset`: the pieces of SQL
 * that name some of a table's columns (`names`), define the recordset with the schema's keys and
 * SQL types (`definition`), and read its values (`values`, `sets`). Built once per statement, at
 * load, so the SQL text stays the same from call to call.
 */
export function jsonRecordset<T extends Table>(
  table: T,
  keys: readonly (keyof InferSelectModel<T> & string)[],
) {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const list = keys.map((key) => ({ key, name: columns[key]!.name, type: columns[key]!.getSQLType() }));
  return {
    names: list.map((c) => c.name).join(', '),
    keys: list.map((c) => `"${c.key}"`).join(', '),
    definition: list.map((c) => `"${c.key}" ${c.type}`).join(', '),
    values: (alias: string) => list.map((c) => `${alias}."${c.key}"`).join(', '),
    sets: (alias: string) => list.map((c) => `${c.name} = ${alias}."${c.key}"`).join(', '),
  };
}

/**
 * Rows keyed like the schema, sent as one array per column to `unnest`: the server reads typed
 * arrays for a fraction of what it spends taking a JSON document apart row by row (measured on an
 * import of 38 lead columns: 7.5 µs of server CPU a row against 63 for `json_to_recordset`), so the
 * bulk writes use this. `from(first, alias)` is the FROM item, its parameters `$first` onwards,
 * one per column; `arrays(rows)` builds those parameters (jsonb values as JSON text, times as ISO).
 */
export function arrayRecordset<T extends Table>(
  table: T,
  keys: readonly (keyof InferSelectModel<T> & string)[],
) {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const list = keys.map((key) => {
    const type = columns[key]!.getSQLType();
    return { key, name: columns[key]!.name, type, isJson: type === 'json' || type === 'jsonb' };
  });
  const quoted = list.map((c) => `"${c.key}"`).join(', ');
  return {
    names: list.map((c) => c.name).join(', '),
    values: (alias: string) => list.map((c) => `${alias}."${c.key}"`).join(', '),
    /** `unnest($first::type[], …) as alias(keys)`, with a last column `n` (1, 2, …) when `ordinality`. */
    from: (first: number, alias: string, ordinality = false) =>
      `unnest(${list.map((c, i) => `$${first + i}::${c.type}[]`).join(', ')})${ordinality ? ' with ordinality' : ''}` +
      ` as ${alias}(${quoted}${ordinality ? ', n' : ''})`,
    arrays: (rows: readonly object[]): string[] =>
      list.map((c) => arrayLiteral(rows, (r) => (r as Record<string, unknown>)[c.key], c.isJson)),
    /** The same parameters read from rows of another shape, one reader per column (no row object built). */
    arraysBy: <R>(rows: readonly R[], reader: (key: string) => (row: R) => unknown): string[] =>
      list.map((c) => arrayLiteral(rows, reader(c.key), c.isJson)),
  };
}

const ESCAPED = /[\\"]/g;
const NEEDS_ESCAPE = /[\\"]/;

/**
 * One column of rows as a PostgreSQL array literal (`{"a",NULL,"say \"hi\""}`), written here rather
 * than by the driver: every text is quoted, so no word (NULL) or character (comma, brace) in it
 * can be misread, and only backslash and double quote need escaping. Both drivers pass a string
 * parameter through as it is.
 */
function arrayLiteral<R>(rows: readonly R[], read: (row: R) => unknown, isJson: boolean): string {
  const cells = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = read(rows[i]!);
    if (v === undefined || v === null) cells[i] = 'NULL';
    else if (!isJson && typeof v === 'number') cells[i] = String(v);
    else if (!isJson && typeof v === 'boolean') cells[i] = v ? 't' : 'f';
    else {
      const text = isJson ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
      cells[i] = `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, '\\$&') : text}"`;
    }
  }
  return `{${cells.join(',')}}`;
}

/**
 * drizzle-orm's query builder, for statements only (`.toSQL()`): they run through `runBuilt` on
 * the caller's Queryable, inside its transaction, with the drivers' own errors.
 */
export const sqlBuilder = drizzle(() => {
  throw new Error('sqlBuilder only builds statements: run them with runBuilt');
});

/** Runs a statement drizzle-orm built (an insert or update `.returning()`), answering raw rows. */
export function runBuilt(
  q: Queryable,
  statement: { toSQL(): { sql: string; params: unknown[] } },
): Promise<Row[]> {
  const { sql, params } = statement.toSQL();
  return q.query<Row>(sql, params);
}
