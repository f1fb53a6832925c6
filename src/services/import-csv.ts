// Reading a CSV file as a stream of rows: encoding and delimiter from its first bytes, then
// csv-parse record by record. A row the parser cannot read (a quote never closed, as in a file cut
// short) comes out as a bad row with the reason; the file goes on.
import { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import { type CsvDelimiter, type CsvEncoding, detectDelimiter, detectEncoding } from '../domain/csv-sniff.js';

const SNIFF_BYTES = 64 * 1024;

export type CsvRow =
  { row: number; cells: string[] } | { row: number; cells: null; values?: string[]; reason: string };

export interface CsvFile {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** The header row (row 1); empty when the file is empty. */
  headers: string[];
  /** Data rows in file order, numbered as a spreadsheet numbers them (the header is row 1). */
  rows: AsyncIterable<CsvRow>;
  /** Bytes consumed so far: the progress against the file's size. */
  bytesRead(): number;
}

const PARSE_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'ends inside a quoted value that is never closed (the file may be cut short)',
  CSV_INVALID_CLOSING_QUOTE: 'has a quote in the wrong place',
};

/** Opens a CSV byte stream: reads enough to know its encoding, delimiter and header row. */
export async function openCsv(bytes: AsyncIterable<Uint8Array>, delimiter?: CsvDelimiter): Promise<CsvFile> {
  const source = bytes[Symbol.asyncIterator]();
  let read = 0;
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  const { encoding, bomLength } = detectEncoding(first);
  const decoder = new TextDecoder(encoding);
  const firstText = decoder.decode(first.subarray(bomLength), { stream: !ended });
  const chosen = delimiter ?? detectDelimiter(firstText);

  async function* text(): AsyncGenerator<string> {
    read += first.length;
    yield firstText;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      read += next.value.length;
      yield decoder.decode(next.value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  let ordinal = 0;
  const skipped: CsvRow[] = [];
  const options: Options<{ row: number; cells: string[] }, string[]> = {
    delimiter: chosen,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[]) => ({ row: ++ordinal, cells: record }),
    on_skip: (err) => {
      const code = err?.code ?? '';
      skipped.push({
        row: ++ordinal,
        cells: null,
        reason: PARSE_REASONS[code] ?? `could not be read (${err?.message})`,
      });
      return undefined;
    },
  };
  // csv-parse's overloads cannot type an on_record that changes the record's shape.
  const parser = parse(options as unknown as Options);
  const input = Readable.from(text());
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ row: number; cells: string[] }>;

  const header = await records.next();
  const headers = header.done ? [] : header.value.cells.map((h) => h.trim());

  async function* rows(): AsyncGenerator<CsvRow> {
    for (;;) {
      const next = await records.next();
      while (skipped.length > 0) yield skipped.shift()!;
      if (next.done) break;
      // PostgreSQL cannot store a NUL in text: the row is refused, and kept with the NULs replaced.
      if (next.value.cells.some((c) => c.includes('\u0000'))) {
        const cells = next.value.cells.map((c) => c.replaceAll('\u0000', '\ufffd'));
        yield { row: next.value.row, cells: null, values: cells, reason: 'contains a NUL character' };
      } else yield next.value;
    }
    while (skipped.length > 0) yield skipped.shift()!;
  }

  return { encoding, delimiter: chosen, headers, rows: rows(), bytesRead: () => read };
}
