// An import's progress in rows ("12,400 of 50,000 rows"): the file's records counted cheaply before
// the run where its bytes can be read twice, else estimated from the bytes read until the end of
// the file makes the total known.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Where the scanner stands: at the start of a field, inside an unquoted one, inside quotes, or just after a quote inside quotes. */
type ScanState = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/** How the file's text is stored: one byte a character for the ASCII ones, or UTF-16 code units. */
export type CountedUnits = 'bytes' | 'utf-16le' | 'utf-16be';

/**
 * Counts a CSV file's records from its bytes, as the import's parser reads them (record ends `\r\n`,
 * `\n` or `\r`; a quote opens a quoted value only at a field's start, `""` inside one is a quote;
 * empty lines skipped), without decoding it: one pass over bytes, for encodings where the
 * delimiter, quote and line ends are single ASCII bytes (UTF-8, Latin-1, Windows-1252), or over
 * 16-bit code units for UTF-16 (no other code unit, surrogates included, equals an ASCII one).
 */
export class CsvRecordCounter {
  private state: ScanState = 'fieldStart';
  private hasContent = false;
  private afterCr = false;
  private records = 0;
  /** UTF-16: the first byte of a code unit split between two chunks. */
  private pending: number | null = null;
  /** The first characters, held until they show whether the file starts with a BOM (never a record's). */
  private head: number[] | null = [];

  constructor(
    private readonly delimiter: number,
    private readonly units: CountedUnits = 'bytes',
  ) {}

  push(bytes: Uint8Array): void {
    if (this.units === 'bytes') {
      for (const b of bytes) this.char(b);
      return;
    }
    const littleEndian = this.units === 'utf-16le';
    let i = 0;
    if (this.pending !== null && bytes.length > 0) {
      const first = this.pending;
      this.pending = null;
      this.char(littleEndian ? first | (bytes[0]! << 8) : (first << 8) | bytes[0]!);
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) {
      const a = bytes[i]!;
      const b = bytes[i + 1]!;
      this.char(littleEndian ? a | (b << 8) : (a << 8) | b);
    }
    if (i < bytes.length) this.pending = bytes[i]!;
  }

  /** One character (a byte, or a UTF-16 code unit), past a leading BOM (EF BB BF, or U+FEFF). */
  private char(c: number): void {
    if (this.head === null) return this.step(c);
    const bom = this.units === 'bytes' ? UTF8_BOM : [0xfeff];
    this.head.push(c);
    if (this.head.length < bom.length && this.head.every((h, i) => h === bom[i])) return;
    const held = this.head.every((h, i) => h === bom[i]) ? [] : this.head;
    this.head = null;
    for (const h of held) this.step(h);
  }

  private step(b: number): void {
    if (this.state === 'quoted') {
      if (b === QUOTE) this.state = 'quoteInQuoted';
      return;
    }
    if (this.state === 'quoteInQuoted') {
      if (b === QUOTE) {
        this.state = 'quoted';
        return;
      }
      this.state = 'unquoted';
    }
    if (b === LF && this.afterCr) {
      this.afterCr = false;
      return;
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

  /** The records counted, the last one included when the file does not end with a line end. */
  total(): number {
    if (this.head !== null) {
      // A file shorter than a BOM: what was held is its text.
      const held = this.head;
      this.head = null;
      for (const h of held) this.step(h);
    }
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
