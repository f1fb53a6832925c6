// Column and key builders every schema file uses: one definition for the columns most tables share.
import { bigint, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();

/** The workspace a row belongs to: every table but `workspaces` leads its keys with it. */
export const workspaceId = () => uuid('workspace_id').notNull();
/** A record's own id, random. */
export const randomId = () => uuid('id').notNull().defaultRandom();
/** An append-only table's id, numbered by the database in insert order. */
export const sequenceId = () => bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity();

/** The primary key (workspace_id, id) of a table whose rows have their own id. */
export const workspaceKey = (t: { workspaceId: AnyPgColumn; id: AnyPgColumn }) =>
  primaryKey({ columns: [t.workspaceId, t.id] });

/** Who did it: a person, an API key, the system or the CLI, with the label shown at the time. */
export const actor = <T extends string = string>() => ({
  actorType: text('actor_type').$type<T>().notNull(),
  actorId: text('actor_id'),
  actorLabel: text('actor_label').notNull(),
});
