// The database schema, in Drizzle's pg-core notation: the source drizzle-kit generates migrations from.
// Every table carries workspace_id and every primary or unique key leads with it, so the data can
// be sharded by workspace later. Queries are plain SQL in the store files; row types come from here
// ($inferSelect, see ../rows.ts), and drizzle-orm's builder writes the inserts and updates whose columns vary.
export * from './workspace.js';
export * from './lifecycle.js';
export * from './handoff.js';
export * from './pipeline.js';
export * from './sign-in-limits.js';
export * from './feedback.js';
export * from './members.js';
export * from './alerts.js';
export * from './imports.js';
export * from './goals.js';
