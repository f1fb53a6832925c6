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

/**
 * The items of `source`, each passed through `map`, read up to `ahead` items before they are asked
 * for: while the caller waits for its database, the next batch's rows are parsed and mapped, so
 * the two overlap. The source is read no faster than that (back-pressure); its failure reaches the
 * caller after the items read before it, and a caller that stops early stops the reading.
 */
export function readAhead<T, U>(
  source: AsyncIterable<T>,
  map: (item: T) => U,
  ahead: number,
): AsyncIterableIterator<U> {
  let queue: U[] = [];
  let head = 0;
  let ended = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  // Who waits: the reader for room in the queue, the taker for an item.
  const waiting: { reader: (() => void) | null; taker: (() => void) | null } = { reader: null, taker: null };
  const wait = (who: 'reader' | 'taker') => new Promise<void>((resolve) => (waiting[who] = resolve));
  const wake = (who: 'reader' | 'taker') => {
    waiting[who]?.();
    waiting[who] = null;
  };
  const reading = (async () => {
    try {
      for await (const item of source) {
        queue.push(map(item));
        wake('taker');
        while (queue.length - head >= ahead && !stopped) await wait('reader');
        if (stopped) break;
      }
    } catch (error) {
      failure = { error };
    }
    ended = true;
    wake('taker');
  })();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<U>> {
      while (head === queue.length && !ended) await wait('taker');
      if (head < queue.length) {
        const value = queue[head++]!;
        // Drop what was taken: a reader that is always ahead never lets the queue run empty, and
        // the queue then held every item of the file (RSS grew by ~1 KB a row).
        if (head === queue.length) {
          queue = [];
          head = 0;
        } else if (head >= ahead) {
          queue = queue.slice(head);
          head = 0;
        }
        wake('reader');
        return { value, done: false };
      }
      if (failure) throw failure.error;
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<U>> {
      stopped = true;
      wake('reader');
      await reading;
      return { value: undefined, done: true };
    },
  };
}
