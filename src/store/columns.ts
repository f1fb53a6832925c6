// Building INSERT column lists and UPDATE SET clauses from a typed field → column map.

export type ColumnMap<F> = { readonly [K in keyof F]-?: { column: string; cast?: string } };

/** `insert into t (cols) values ($n…)` pieces for the fields present in `values`. */
export function insertPieces<F extends object>(
  map: ColumnMap<F>,
  values: Partial<F>,
  firstParam: number,
): { columns: string[]; placeholders: string[]; params: unknown[] } {
  const columns: string[] = [];
  const placeholders: string[] = [];
  const params: unknown[] = [];
  for (const key of Object.keys(map) as (keyof F)[]) {
    const v = values[key];
    if (v === undefined) continue;
    const { column, cast } = map[key];
    columns.push(column);
    params.push(cast === 'jsonb' ? JSON.stringify(v) : v);
    placeholders.push(`$${firstParam + params.length - 1}${cast ? `::${cast}` : ''}`);
  }
  return { columns, placeholders, params };
}

/** `col = $n, …` for the fields present in `patch` (null sets NULL; undefined leaves as is). */
export function setPieces<F extends object>(
  map: ColumnMap<F>,
  patch: Partial<F>,
  firstParam: number,
): { sets: string[]; params: unknown[] } {
  const { columns, placeholders, params } = insertPieces(map, patch, firstParam);
  return { sets: columns.map((c, i) => `${c} = ${placeholders[i]}`), params };
}
