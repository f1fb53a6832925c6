// What each row of an import batch does to the workspace, decided over the records it matched:
// create, update (just the fields that differ), leave unchanged, or refuse with a reason.
import {
  type ImportKind,
  type MappedRow,
  type RowProblem,
  changedFields,
  matchKey,
} from './import-mapping.js';

export interface PlannedRow {
  row: number;
  fields: MappedRow;
}

export interface ImportPlan {
  creates: PlannedRow[];
  updates: (PlannedRow & { id: string; changed: MappedRow })[];
  unchanged: number;
  rejected: { row: number; problems: RowProblem[] }[];
}

/** A stored record as the plan sees it (schema keys). */
export type StoredRecord = Readonly<Record<string, unknown>> & { id: string };

/** The keys a row claims: its record id and its second key (every key of it, so no two rows share one). */
export function rowKeys(kind: ImportKind, fields: MappedRow): string[] {
  const keys: string[] = [];
  if (typeof fields.externalId === 'string') keys.push(`x:${fields.externalId}`);
  const second = kind === 'leads' ? fields.email : fields.domain;
  if (typeof second === 'string') keys.push(`s:${second}`);
  return keys;
}

/**
 * Decides every row of a batch. Rows match by the CRM's record id, else by e-mail (leads) or
 * domain (accounts). `claimed` holds the records and keys earlier rows of the file took (row number
 * per key): a second row for the same record is refused, so the file's order never matters.
 */
export function planImportBatch(
  kind: ImportKind,
  rows: readonly PlannedRow[],
  existing: readonly StoredRecord[],
  claimed: Map<string, number>,
  secondColumn: string | null,
): ImportPlan {
  const secondField = kind === 'leads' ? 'email' : 'domain';
  const what = kind === 'leads' ? 'lead' : 'account';
  const byExternal = new Map(existing.filter((r) => r.externalId).map((r) => [r.externalId as string, r]));
  const bySecond = new Map(existing.filter((r) => r[secondField]).map((r) => [r[secondField] as string, r]));
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, rejected: [] };

  for (const { row, fields } of rows) {
    const reject = (reason: string, column: string | null = null, value: string | null = null) =>
      plan.rejected.push({ row, problems: [{ column, value, reason }] });
    const external = typeof fields.externalId === 'string' ? fields.externalId : null;
    const second = typeof fields[secondField] === 'string' ? (fields[secondField] as string) : null;
    const keys = rowKeys(kind, fields);
    const earlier = keys.map((k) => claimed.get(k)).find((r) => r !== undefined);
    if (earlier !== undefined) {
      reject(`is the same ${what} as row ${earlier} (${matchKey(kind, fields)?.slice(2)})`);
      continue;
    }
    const viaExternal = external ? byExternal.get(external) : undefined;
    const viaSecond = second ? bySecond.get(second) : undefined;
    let target: StoredRecord | undefined;
    if (viaExternal) {
      if (viaSecond && viaSecond.id !== viaExternal.id) {
        reject(`${secondField} is already used by another ${what}`, secondColumn, second);
        continue;
      }
      target = viaExternal;
    } else if (viaSecond) {
      if (external && viaSecond.externalId && viaSecond.externalId !== external) {
        reject(
          `${secondField} belongs to a ${what} with another record id (${String(viaSecond.externalId)})`,
          secondColumn,
          second,
        );
        continue;
      }
      target = viaSecond;
    }
    const targetKey = target ? `id:${target.id}` : null;
    const sameTarget = targetKey ? claimed.get(targetKey) : undefined;
    if (sameTarget !== undefined) {
      reject(`is the same ${what} as row ${sameTarget}`);
      continue;
    }
    for (const k of keys) claimed.set(k, row);
    if (targetKey) claimed.set(targetKey, row);
    if (!target) {
      plan.creates.push({ row, fields });
      continue;
    }
    const changed = changedFields(kind, fields, target);
    if (Object.keys(changed).length === 0) plan.unchanged++;
    else plan.updates.push({ row, fields, id: target.id, changed });
  }
  return plan;
}
