// The file's data rows, counted before the run where its bytes can be read a second time: a pass
// over the bytes (no decoding, no parsing), so the progress reads "12,400 of 50,000 rows".
import { CsvRecordCounter } from '../domain/import-progress.js';
import type { OpenedImport } from './imports.js';

/**
 * The data rows of the opened file (its records less the header), or null when they cannot be
 * counted first: the bytes can be read once only (the progress then estimates the total from the
 * bytes read). UTF-16 is counted in code units, every other encoding in bytes.
 */
export async function countFileRows(opened: OpenedImport): Promise<number | null> {
  const known = opened.rowsTotal;
  if (known === null) return null;
  if ('count' in known) return known.count;
  const { encoding, delimiter } = opened.file;
  const counter = new CsvRecordCounter(
    delimiter.charCodeAt(0),
    encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'bytes',
  );
  for await (const chunk of known.reread()) {
    counter.push(chunk);
    // A turn of the event loop between chunks: other requests are not held up by a large file.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Math.max(0, counter.total() - 1);
}
