// CSV imports: the record of each run, its rejected rows (the error report) and what it changed (for undo).
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImportKind } from '../../domain/import-fields.js';
import type { ImportMapping, RowProblem } from '../../domain/import-mapping.js';
import { ts, createdAt, updatedAt, workspaceId, randomId, workspaceKey } from './columns.js';

/**
 * running → done | stopped (the error limit) | failed (an unexpected error) | cancelled (asked to stop)
 * | interrupted (its process died); any but running → undone.
 */
export type ImportStatus = 'running' | 'done' | 'stopped' | 'failed' | 'cancelled' | 'interrupted' | 'undone';
export type ImportChangeEntity =
  | 'lead'
  | 'account'
  | 'opportunity'
  | 'spend'
  | 'history'
  | 'lead-before'
  // A roster import's: members and teams it created, memberships it added, managers it set (previous: the one before).
  | 'member'
  | 'team'
  | 'team-member'
  | 'team-manager';

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** One import of one file: what it read, how it mapped it, how far it got and what it did. */
export const imports = pgTable(
  'imports',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    kind: text('kind').$type<ImportKind>().notNull(),
    fileName: text('file_name').notNull(),
    /** The file's header row as read, so the error report gives back the original columns. */
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<ImportMapping>().notNull(),
    encoding: text('encoding').notNull(),
    delimiter: text('delimiter').notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    /** Why it stopped or failed: a file-level problem or the error limit. */
    problem: text('problem'),
    counts: jsonb('counts').$type<ImportCounts>().notNull(),
    /** Bytes read so far, against the file's size when known: the progress. */
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    /**
     * The file's data rows: counted before the run where the file can be read twice, else known when
     * it was read to its end; null until then (the progress estimates it from the bytes read).
     */
    rowsTotal: integer('rows_total'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: ts('finished_at'),
    undoneAt: ts('undone_at'),
  },
  (t) => [workspaceKey(t), index('imports_created_idx').on(t.workspaceId, t.createdAt)],
);

/** A rejected row: its place in the file, its original values and every reason it was refused. */
export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    values: jsonb('values').$type<string[]>().notNull(),
    problems: jsonb('problems').$type<RowProblem[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber] })],
);

/**
 * A record an import created or updated, with the whole row as it was before (null when created),
 * so undo can remove what it added and put back what it changed.
 */
export const importChanges = pgTable(
  'import_changes',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    /**
     * lead, account, opportunity; spend (entity_id is a random id, previous its channel and month);
     * history: rows an import of history added (previous lists them), lead-before: a lead as it was
     * before the import's history moved it (entity_id random; the first one per lead wins on undo).
     */
    entity: text('entity').$type<ImportChangeEntity>().notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').$type<'created' | 'updated'>().notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.entity, t.entityId] })],
);

/**
 * A custom mapping saved by name: a workspace's own preset for an export no built-in preset reads.
 * Used like a preset (`preset=<name>`, `tandem import … --mapping <name>`).
 */
export const importMappings = pgTable(
  'import_mappings',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    name: text('name').notNull(),
    kind: text('kind').$type<ImportKind>().notNull(),
    /** Which export it reads, in the person's words (shown beside the built-in presets). */
    description: text('description'),
    mapping: jsonb('mapping').$type<ImportMapping>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [workspaceKey(t), uniqueIndex('import_mappings_name_key').on(t.workspaceId, t.name)],
);
