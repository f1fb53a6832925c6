// An import's progress in rows ("12,400 of 50,000 rows"): the file's records counted cheaply before
// the run where its bytes can be read twice, else estimated from the bytes read until the end of
// the file makes the total known.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where the scanner stands: at the start of a field, inside an unquoted one, inside quotes, or just after a quote inside quotes. */
type ScanState = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/**
 * Counts a CSV file's records from its bytes, as the import's parser reads them (record ends `\r\n`,
 * `\n` or `\r`; a quote opens a quoted value only at a field's start, `""` inside one is a quote;
 * empty lines skipped), without decoding it: one pass over bytes, for encodings where the
 * delimiter, quote and line ends are single ASCII bytes (UTF-8, Latin-1, Windows-1252).
 */
export class CsvRecordCounter {
  private state: ScanState = 'fieldStart';
  private hasContent = false;
  private afterCr = false;
  private records = 0;

  constructor(private readonly delimiter: number) {}

  push(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.state === 'quoted') {
        if (b === QUOTE) this.state = 'quoteInQuoted';
        continue;
      }
      if (this.state === 'quoteInQuoted') {
        if (b === QUOTE) {
          this.state = 'quoted';
          continue;
        }
        this.state = 'unquoted';
      }
      if (b === LF && this.afterCr) {
        this.afterCr = false;
        continue;
      }
      this.afterCr = b === CR;
      if (b === LF || b === CR) {
        if (this.hasContent) this.records++;
        this.hasContent = false;
        this.state = 'fieldStart';
      } else {
        this.hasContent = true;
        if (b === this.delimiter) this.state = 'fieldStart';
        else if (b === QUOTE && this.state === 'fieldStart') this.state = 'quoted';
        else this.state = 'unquoted';
      }
    }
  }

  /** The records counted, the last one included when the file does not end with a line end. */
  total(): number {
    return this.records + (this.hasContent ? 1 : 0);
  }
}

export interface RowProgress {
  /** Rows processed (imported, left unchanged or rejected). */
  rows: number;
  /** The file's data rows: counted, or estimated from the bytes read; null when nothing says yet. */
  rowsTotal: number | null;
  isEstimate: boolean;
}

/**
 * The rows done and the rows in all. A counted total is taken as it is (never below the rows done:
 * a count that missed a stray quote does not show 12,401 of 12,400); without one, the total is the
 * rows done scaled by the share of the file's bytes read.
 */
export function rowProgress(p: {
  rows: number;
  rowsTotal: number | null;
  bytesRead: number;
  bytesTotal: number | null;
}): RowProgress {
  if (p.rowsTotal !== null)
    return { rows: p.rows, rowsTotal: Math.max(p.rowsTotal, p.rows), isEstimate: false };
  if (!p.bytesTotal || p.bytesRead <= 0 || p.rows === 0)
    return { rows: p.rows, rowsTotal: null, isEstimate: true };
  const share = Math.min(1, p.bytesRead / p.bytesTotal);
  return { rows: p.rows, rowsTotal: Math.max(p.rows, Math.round(p.rows / share)), isEstimate: true };
}
