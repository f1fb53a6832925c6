// Export a whole workspace to JSON Lines, and import such a file as a new workspace: a lossless
// round trip (ids, microsecond instants, JSON), less the live credentials (NOT_TRANSFERRED).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AppError, invalid } from '../domain/errors.js';
import { workspaceSlugSchema } from '../domain/workspace-setup.js';
import { migrationVersion } from '../store/migrate.js';
import {
  TRANSFER_FORMAT,
  TRANSFER_VERSION,
  type TransferHeader,
  insertWorkspaceRows,
  writeWorkspaceRows,
} from '../store/workspace-transfer.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import type { Deps } from './deps.js';

export { NOT_TRANSFERRED } from '../store/workspace-transfer.js';

/** Writes the export, line by line (each without its newline); returns the rows per table. */
export async function exportWorkspace(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  write: (line: string) => Promise<void>,
): Promise<Record<string, number>> {
  const header: TransferHeader = {
    format: TRANSFER_FORMAT,
    version: TRANSFER_VERSION,
    migration: await migrationVersion(deps.db),
  };
  await write(JSON.stringify(header));
  return deps.db.transaction(async (tx) => {
    // One snapshot for every table: rows written while the export runs are in all tables or none.
    await tx.exec('set transaction isolation level repeatable read, read only');
    return writeWorkspaceRows(tx, workspaceId, write);
  });
}

async function* numbered(lines: AsyncIterable<string>): AsyncGenerator<{ lineNo: number; text: string }> {
  let lineNo = 0;
  for await (const text of lines) yield { lineNo: ++lineNo, text };
}

/**
 * Imports an export file as a new workspace under `slug`, all or nothing. Refuses a slug in use and
 * a file from a newer schema than this database's.
 */
export async function importWorkspace(
  deps: Pick<Deps, 'db'>,
  lines: AsyncIterable<string>,
  slug: string,
): Promise<{ workspaceId: string; rows: Record<string, number> }> {
  const parsedSlug = workspaceSlugSchema.safeParse(slug);
  if (!parsedSlug.success) throw invalid('slug', parsedSlug.error.issues[0]?.message ?? 'is not valid');
  const target = { workspaceId: randomUUID(), slug: parsedSlug.data };
  const it = numbered(lines)[Symbol.asyncIterator]();
  const first = await it.next();
  const header = (() => {
    try {
      return first.done ? null : (JSON.parse(first.value.text) as Partial<TransferHeader>);
    } catch {
      return null;
    }
  })();
  if (header?.format !== TRANSFER_FORMAT || header.version !== TRANSFER_VERSION)
    throw invalid('file', `is not a Tandem workspace export (version ${TRANSFER_VERSION})`);
  const here = await migrationVersion(deps.db);
  if (typeof header.migration !== 'number' || header.migration > here)
    throw invalid('file', `comes from a newer Tandem (schema ${String(header.migration)}, this one ${here})`);
  const rest = { [Symbol.asyncIterator]: () => it };
  return deps.db.transaction(async (tx) => {
    if (await findWorkspaceBySlug(tx, target.slug))
      throw new AppError('conflict', `A workspace with slug "${target.slug}" exists: import into a new one.`);
    const rows = await insertWorkspaceRows(tx, rest, target);
    return { workspaceId: target.workspaceId, rows };
  });
}

/** Writes the export to a file (for the CLI and the API's download), with back-pressure. */
export async function exportWorkspaceToFile(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  file: string,
): Promise<Record<string, number>> {
  const out = createWriteStream(file);
  try {
    const rows = await exportWorkspace(deps, workspaceId, async (line) => {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    });
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    return rows;
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/** Imports an export file, streamed line by line. */
export async function importWorkspaceFromFile(
  deps: Pick<Deps, 'db'>,
  file: string,
  slug: string,
): Promise<{ workspaceId: string; rows: Record<string, number> }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  try {
    return await importWorkspace(deps, createInterface({ input, crlfDelay: Infinity }), slug);
  } finally {
    input.destroy();
  }
}
