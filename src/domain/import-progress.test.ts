import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordCounter, rowProgress } from './import-progress.js';

/** Records as the import's parser reads them (the options of src/services/import-csv.ts). */
const parsedRecords = (text: string, delimiter: string): number =>
  (
    parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown[]
  ).length;

const counted = (text: string, delimiter: string, chunk = 5): number => {
  const counter = new CsvRecordCounter(delimiter.charCodeAt(0));
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) counter.push(bytes.subarray(i, i + chunk));
  return counter.total();
};

describe('counting a CSV file’s records from its bytes', () => {
  it('counts as the parser does: quoted line ends and delimiters, doubled quotes, any line end, empty lines', () => {
    const text = 'a,b\r\n"x\ny","1,2"\n\n"he said ""hi""\r\nthere",3\rplain "quote" inside,4\n"ünï",5';
    expect(counted(text, ',')).toBe(5);
    expect(parsedRecords(text, ',')).toBe(5);
  });

  it('agrees with csv-parse on any well-quoted file, in chunks of any size', () => {
    const plain = fc.stringMatching(/^[a-z é";]{0,6}$/).filter((s) => !s.startsWith('"'));
    const quoted = fc.stringMatching(/^[a-z,;"\r\n é]{0,8}$/).map((s) => `"${s.replaceAll('"', '""')}"`);
    const record = fc.array(fc.oneof(plain, quoted), { minLength: 1, maxLength: 4 });
    const end = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, end), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        (records, lastEnd, chunk) => {
          const text = records
            .map(([cells, e], i) => cells.join(',') + (i < records.length - 1 || lastEnd ? e : ''))
            .join('');
          expect(counted(text, ',', chunk)).toBe(parsedRecords(text, ','));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('counting a UTF-16 file’s records from its code units', () => {
  const utf16 = (text: string, order: 'utf-16le' | 'utf-16be') => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    return order === 'utf-16le' ? le : Buffer.from(le).swap16();
  };
  const countedUtf16 = (bytes: Buffer, order: 'utf-16le' | 'utf-16be', delimiter: string, chunk: number) => {
    const counter = new CsvRecordCounter(delimiter.charCodeAt(0), order);
    for (let i = 0; i < bytes.length; i += chunk) counter.push(bytes.subarray(i, i + chunk));
    return counter.total();
  };

  it('counts as the parser does in either byte order, with code units split between chunks', () => {
    // A quoted line end, a doubled quote, a character outside the BMP (a surrogate pair), and code
    // units whose low or high byte is a line feed's or a quote's (U+0A22, U+2222) must not count.
    const text = '"E\rmail";Name\r\n"a\nb@x";Zoë 🙂\n\nc@x;"say ""hi"""\rd@x;\u0a22\u2222\n';
    expect(parsedRecords(text, ';')).toBe(4);
    for (const order of ['utf-16le', 'utf-16be'] as const)
      for (const chunk of [1, 2, 3, 7, 4096])
        expect(countedUtf16(utf16(text, order), order, ';', chunk)).toBe(4);
    // The BOM is not the first record's text: the quote after it still opens a quoted value.
    const utf8 = new CsvRecordCounter(';'.charCodeAt(0));
    for (const b of Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
      utf8.push(Buffer.from([b]));
    expect(utf8.total()).toBe(4);
  });

  it('agrees with csv-parse on any well-quoted UTF-16 file, in chunks of any size', () => {
    const plain = fc.stringMatching(/^[a-z é🙂\u0a22\u2222";]{0,6}$/u).filter((s) => !s.startsWith('"'));
    const quoted = fc.stringMatching(/^[a-z,;"\r\n é]{0,8}$/).map((s) => `"${s.replaceAll('"', '""')}"`);
    const record = fc.array(fc.oneof(plain, quoted), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('utf-16le' as const, 'utf-16be' as const),
        fc.integer({ min: 1, max: 9 }),
        (records, order, chunk) => {
          const text = records.map(([cells, e]) => cells.join(',') + e).join('');
          expect(countedUtf16(utf16(text, order), order, ',', chunk)).toBe(parsedRecords(text, ','));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('an import’s progress in rows', () => {
  it('shows a counted total, never below the rows done', () => {
    expect(rowProgress({ rows: 12_400, rowsTotal: 50_000, bytesRead: 10, bytesTotal: 100 })).toEqual({
      rows: 12_400,
      rowsTotal: 50_000,
      isEstimate: false,
    });
    expect(rowProgress({ rows: 12_401, rowsTotal: 12_400, bytesRead: 0, bytesTotal: null }).rowsTotal).toBe(
      12_401,
    );
  });

  it('estimates the total from the share of bytes read until it is known', () => {
    expect(rowProgress({ rows: 1_000, rowsTotal: null, bytesRead: 250, bytesTotal: 1_000 })).toEqual({
      rows: 1_000,
      rowsTotal: 4_000,
      isEstimate: true,
    });
    expect(rowProgress({ rows: 0, rowsTotal: null, bytesRead: 0, bytesTotal: 1_000 }).rowsTotal).toBeNull();
    expect(rowProgress({ rows: 10, rowsTotal: null, bytesRead: 5, bytesTotal: null }).rowsTotal).toBeNull();
  });
});
