// CSV import, the pure part: how a file's columns map onto a kind's fields (import-fields.ts), and
// how one row's text becomes typed values (import-values.ts) or the reasons it cannot. A preset is
// just a named ImportMapping (columns plus value options such as a date format).
import {
  type FieldSpec,
  type FieldType,
  IMPORT_FIELDS,
  type ImportKind,
  REQUIRED_FIELDS,
} from './import-fields.js';
import { readValue } from './import-values.js';

/** How values are read: a preset sets these for its system's export. */
export interface ValueOptions {
  /** More luxon formats, tried in order after `dateFormat` (an export mixes dates and date-times). */
  dateFormats?: string[];
  /** A luxon format for dates that are not ISO 8601 (e.g. `dd/MM/yyyy`); ISO is always accepted. */
  dateFormat?: string;
  /** The decimal separator of numbers (`.` by default; the other of `.`/`,` is a thousands separator). */
  decimalSeparator?: '.' | ',';
  /**
   * The CRM the file comes from: opportunities' record ids are unique per system, and CRM status
   * changes are mapped by the agreement per system. `other` when unset.
   */
  crmSystem?: 'salesforce' | 'hubspot' | 'other';
  /**
   * Opportunities: a file's stage wording → an opportunity stage of the agreement, or `won`, `lost`,
   * `open` (its first stage of that outcome). Compared case-insensitively; a value not listed must
   * be a stage of the agreement or plain won/lost/open wording ("Closed Won", "Lost"…).
   */
  stages?: Record<string, string>;
}

/** Target field ← source column (the header text as in the file), plus how to read values. */
export interface ImportMapping {
  fields: Record<string, string>;
  options?: ValueOptions;
  /**
   * Per field, how the export's values translate (a CRM's wording into Tandem's): the cell,
   * trimmed and compared case-insensitively, → the value read instead; `*` for any other
   * non-empty cell (an empty translation reads as empty). Cells not listed are read as they are.
   */
  values?: Record<string, Record<string, string>>;
  /** Per field, a value every row gets: what the export implies (a closed-deals file's stage). */
  constants?: Record<string, string>;
  /** Per numeric field, a factor its values are multiplied by (revenue given in millions: 1e6). */
  scale?: Record<string, number>;
}

export interface RowProblem {
  /** The source column, or null when the row as a whole is at fault (too few columns, a duplicate). */
  column: string | null;
  value: string | null;
  reason: string;
}

const normalise = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

/** The field names of a kind, and, per normalised spelling, the field it means. */
function spellings(kind: ImportKind): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, spec] of Object.entries(IMPORT_FIELDS[kind]) as [string, FieldSpec][]) {
    out.set(normalise(field), field);
    out.set(normalise(field.replace(/([A-Z])/g, ' $1')), field);
    for (const a of spec.aliases) out.set(normalise(a), field);
  }
  return out;
}

/** The mapping a file gets with no hand mapping: each header that names a field (or an alias) maps to it. */
export function guessMapping(kind: ImportKind, headers: readonly string[]): ImportMapping {
  const known = spellings(kind);
  const fields: Record<string, string> = {};
  for (const header of headers) {
    const field = known.get(normalise(header));
    if (field && !(field in fields)) fields[field] = header;
  }
  return { fields };
}

/**
 * What is wrong with a mapping for this file, as file-level problems: an unknown target field, a
 * source column the file lacks, or a required field with no column.
 */
export function checkMapping(kind: ImportKind, mapping: ImportMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  const fields = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  for (const [field, column] of Object.entries(mapping.fields)) {
    if (!(field in fields)) problems.push(`mapping: "${field}" is not a field of ${kind}`);
    else if (!headers.includes(column)) problems.push(`${field}: the file has no column "${column}"`);
  }
  for (const part of ['values', 'constants', 'scale'] as const) {
    for (const field of Object.keys(mapping[part] ?? {})) {
      if (!(field in fields)) problems.push(`mapping: "${field}" (${part}) is not a field of ${kind}`);
    }
  }
  for (const oneOf of REQUIRED_FIELDS[kind]) {
    if (!oneOf.some((f) => mapping.fields[f] !== undefined || mapping.constants?.[f] !== undefined)) {
      problems.push(
        `missing required column: ${oneOf.join(' or ')} (map a column to ${oneOf.length > 1 ? 'one of them' : 'it'})`,
      );
    }
  }
  return problems;
}

export type FieldValue = string | number | Date | null;
export type MappedRow = Record<string, FieldValue>;

/** A mapping bound to a file's header row: per field, its column's index. */
export interface BoundMapping {
  kind: ImportKind;
  headers: readonly string[];
  columns: readonly BoundColumn[];
  options: ValueOptions;
}

interface BoundColumn {
  field: string;
  /** The source column, or for a constant `(field = value)`. */
  column: string;
  /** The column's index in the row, or -1 for a constant. */
  index: number;
  type: FieldType;
  constant?: string;
  /** The translation of values, its keys normalised (trimmed, lower case). */
  values?: ReadonlyMap<string, string>;
  scale?: number;
}

export function bindMapping(
  kind: ImportKind,
  mapping: ImportMapping,
  headers: readonly string[],
): BoundMapping {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const extras = (field: string): Partial<BoundColumn> => {
    const table = mapping.values?.[field];
    const scale = mapping.scale?.[field];
    return {
      ...(table
        ? { values: new Map(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v])) }
        : {}),
      ...(scale !== undefined ? { scale } : {}),
    };
  };
  const columns: BoundColumn[] = Object.entries(mapping.fields).flatMap(([field, column]) => {
    const spec = specs[field];
    const index = headers.indexOf(column);
    return spec && index >= 0 ? [{ field, column, index, type: spec.type, ...extras(field) }] : [];
  });
  for (const [field, constant] of Object.entries(mapping.constants ?? {})) {
    const spec = specs[field];
    if (spec && !(field in mapping.fields)) {
      columns.push({ field, column: `(${field} = ${constant})`, index: -1, type: spec.type, constant });
    }
  }
  return { kind, headers, columns, options: mapping.options ?? {} };
}

/** A cell through a value table: its translation, else the table's `*` for any other value, else itself. */
function translate(table: ReadonlyMap<string, string>, raw: string): string {
  const key = raw.trim().toLowerCase();
  if (key === '') return raw;
  return table.get(key) ?? table.get('*') ?? raw;
}

/**
 * One row of the file as typed fields, or every reason it is refused (each naming its column).
 * A row with fewer cells than the header row is refused as a whole: it was most likely cut short.
 */
export function mapRow(
  bound: BoundMapping,
  cells: readonly string[],
): { ok: true; row: MappedRow } | { ok: false; problems: RowProblem[] } {
  if (cells.length < bound.headers.length) {
    return {
      ok: false,
      problems: [
        {
          column: null,
          value: null,
          reason: `has ${cells.length} of ${bound.headers.length} columns (cut short?)`,
        },
      ],
    };
  }
  const row: MappedRow = {};
  const problems: RowProblem[] = [];
  for (const c of bound.columns) {
    const raw = c.index >= 0 ? (cells[c.index] ?? '') : (c.constant ?? '');
    const read = readValue(c.type, c.values ? translate(c.values, raw) : raw, bound.options);
    if ('reason' in read)
      problems.push({ column: c.column, value: raw, reason: `${c.field} ${read.reason}` });
    else
      row[c.field] =
        c.scale !== undefined && typeof read.value === 'number'
          ? Number((read.value * c.scale).toPrecision(15))
          : read.value;
  }
  if (problems.length === 0) {
    for (const oneOf of REQUIRED_FIELDS[bound.kind]) {
      if (oneOf.every((f) => row[f] === null || row[f] === undefined)) {
        const column = bound.columns.find((c) => c.field === oneOf[0])?.column ?? null;
        problems.push({ column, value: '', reason: `${oneOf.join(' or ')} is required` });
      }
    }
    // Without a key a second import could not find the record again, and would duplicate it.
    if (problems.length === 0 && matchKey(bound.kind, row) === null) {
      problems.push({
        column: null,
        value: null,
        reason: `needs ${KEY_WORDING[bound.kind]} to be matched on re-import`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row };
}

const KEY_WORDING: Record<ImportKind, string> = {
  leads: 'an e-mail or a record id',
  accounts: 'a domain or a record id',
  opportunities: 'a record id, or a name and an account or lead',
  activities: 'a record id, or a lead, an event and a date',
  'stage-changes': 'a lead, a stage and a date',
  'crm-status': 'a lead, a status and a date',
  spend: 'a channel and a month',
  reps: 'a name or an e-mail',
};

const str = (v: FieldValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (v: FieldValue | undefined): string | null => (v instanceof Date ? v.toISOString() : null);

/** The lead a row names: `e:<e-mail>`, else `x:<record id>`. */
export function leadReference(row: MappedRow): string | null {
  const email = str(row.leadEmail);
  if (email) return `e:${email}`;
  const external = str(row.leadExternalId);
  return external ? `x:${external}` : null;
}

/** The account an opportunity row names: by record id, else domain, else name (lower-cased). */
export function accountReference(row: MappedRow): string | null {
  const external = str(row.accountExternalId);
  if (external) return `x:${external}`;
  const domain = str(row.accountDomain);
  if (domain) return `d:${domain}`;
  const name = str(row.accountName);
  return name ? `n:${name.toLowerCase()}` : null;
}

/**
 * The key a row is matched on (two rows with one key are the same record). Leads and accounts: the
 * CRM's record id, else the e-mail or the domain. Opportunities: the record id, else the name under
 * its account (or lead). Activities: the record id, else (lead, event, time). Stage changes and CRM
 * status changes: (lead, stage or status, time). Spend: (channel, month).
 */
export function matchKey(kind: ImportKind, row: MappedRow): string | null {
  const external = str(row.externalId);
  switch (kind) {
    case 'leads':
    case 'accounts': {
      if (external) return `x:${external}`;
      const second = kind === 'leads' ? row.email : row.domain;
      return typeof second === 'string' ? `${kind === 'leads' ? 'e' : 'd'}:${second}` : null;
    }
    case 'opportunities': {
      if (external) return `x:${external}`;
      const owner = accountReference(row) ?? leadReference(row);
      const name = str(row.name);
      return owner && name ? `n:${owner}|${name.toLowerCase()}` : null;
    }
    case 'activities': {
      if (external) return `x:${external}`;
      const lead = leadReference(row);
      const event = str(row.event);
      const at = iso(row.at);
      return lead && event && at ? `k:${lead}|${event}|${at}` : null;
    }
    case 'stage-changes':
    case 'crm-status': {
      const lead = leadReference(row);
      const what = str(kind === 'stage-changes' ? row.stage : row.status);
      const at = iso(row.at);
      return lead && what && at ? `k:${lead}|${what}|${at}` : null;
    }
    case 'reps': {
      const email = str(row.email);
      const name = str(row.name);
      return email ? `e:${email}` : name ? `n:${name.toLowerCase()}` : null;
    }
    case 'spend': {
      const channel = str(row.channel);
      const month = str(row.month);
      return channel && month ? `k:${channel.toLowerCase()}|${month}` : null;
    }
  }
}

/** Is this field a stage date (a historical move, not a column of the record)? */
export function isStageDateField(kind: ImportKind, field: string): boolean {
  return (IMPORT_FIELDS[kind] as Record<string, FieldSpec>)[field]?.stageDate !== undefined;
}

/** The stage each stage-date field of the kind stands for. */
export function stageDateFields(kind: ImportKind): [field: string, stage: string][] {
  return Object.entries(IMPORT_FIELDS[kind] as Record<string, FieldSpec>).flatMap(([f, spec]) =>
    spec.stageDate ? [[f, spec.stageDate] as [string, string]] : [],
  );
}

/**
 * The fields a row sets on an existing record; create-only fields are left as they are, and stage
 * dates are history, not columns.
 */
export function updatableFields(kind: ImportKind, row: MappedRow): MappedRow {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  return Object.fromEntries(
    Object.entries(row).filter(([f]) => !specs[f]?.createOnly && !specs[f]?.stageDate),
  );
}

const same = (a: unknown, b: unknown): boolean => {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return (a ?? null) === (b ?? null);
};

/** The fields of `row` that differ from the stored record: empty means the row changes nothing. */
export function changedFields(
  kind: ImportKind,
  row: MappedRow,
  existing: Readonly<Record<string, unknown>>,
): MappedRow {
  return Object.fromEntries(
    Object.entries(updatableFields(kind, row)).filter(([f, v]) => !same(v, existing[f])),
  );
}
