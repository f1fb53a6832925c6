// A table as CSV (RFC 4180, header first, empty cell for null). One small function so a generic
// export mechanism can take its place.
import { stringify } from 'csv-stringify/sync';

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(rows.map((r) => r.map((v) => (v === null ? '' : v))));
}
