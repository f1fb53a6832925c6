// What each row of an import batch does to the workspace, decided over the records it matched:
// create, update (just the fields that differ), leave unchanged, or refuse with a reason.
import { type ImportKind } from './import-fields.js';
import { type MappedRow, type RowProblem, changedFields, matchKey } from './import-mapping.js';

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

/** The keys earlier rows of a file took, each with the row that took it. */
export interface ClaimedKeys {
  get(key: string): number | undefined;
  set(key: string, row: number): unknown;
}

/**
 * ClaimedKeys in a few typed arrays instead of a Map of strings: each key is kept as a 64-bit
 * hash (two independent 32-bit halves) beside its row, ~24 bytes a key instead of ~85, so a
 * file of a million rows (two keys each) claims 48 MB rather than 169 (measured). Two keys share a hash once in about 2^64
 * pairs: at ten million keys that is one file in hundreds of thousands.
 */
export class HashedClaims implements ClaimedKeys {
  private low = new Uint32Array(1 << 12);
  private high = new Uint32Array(1 << 12);
  /** The claiming row; 0 marks an empty slot (rows are numbered from 2). */
  private rows = new Uint32Array(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const [a, b] = hash64(key);
    const slot = this.find(a, b);
    return this.rows[slot] === 0 ? undefined : this.rows[slot];
  }

  set(key: string, row: number): this {
    if (row <= 0) throw new RangeError('rows are numbered from 1');
    const [a, b] = hash64(key);
    const slot = this.find(a, b);
    if (this.rows[slot] === 0) {
      this.low[slot] = a;
      this.high[slot] = b;
      this.count++;
    }
    this.rows[slot] = row;
    if (this.count * 2 > this.rows.length) this.grow();
    return this;
  }

  private find(a: number, b: number): number {
    const mask = this.rows.length - 1;
    let slot = a & mask;
    while (this.rows[slot] !== 0 && (this.low[slot] !== a || this.high[slot] !== b)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { low, high, rows } = this;
    this.low = new Uint32Array(rows.length * 2);
    this.high = new Uint32Array(rows.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      const slot = this.find(low[i]!, high[i]!);
      this.low[slot] = low[i]!;
      this.high[slot] = high[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}

/** Two 32-bit hashes of a string (FNV-1a and a multiply-xorshift mix), as unsigned integers. */
function hash64(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, b >>> 0];
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
  claimed: ClaimedKeys,
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
