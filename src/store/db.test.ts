// The embedded database's prepared statements: a statement run again answers for its new values,
// a failed one leaves the session usable, and a table that changes shape is prepared again.
import { describe, expect, it } from 'vitest';
import { openPglite } from './db.js';

describe('the embedded database', () => {
  it('runs a statement again with new values, through failures, rollbacks and a change of table shape', async () => {
    const db = await openPglite(undefined);
    try {
      await db.exec(
        'create table t (id int primary key, tags text[], doc jsonb, amount numeric, at timestamptz)',
      );
      const insert = 'insert into t values ($1, $2, $3, $4, $5)';
      await db.query(insert, [1, ['a', 'b'], { k: 'v' }, 1.5, new Date('2026-01-02T03:04:05Z')]);
      await db.query(insert, [2, [], null, 2, null]);
      const byId = 'select * from t where id = $1';
      expect(await db.query(byId, [1])).toEqual([
        { id: 1, tags: ['a', 'b'], doc: { k: 'v' }, amount: 1.5, at: new Date('2026-01-02T03:04:05Z') },
      ]);
      expect(await db.query(byId, [2])).toEqual([{ id: 2, tags: [], doc: null, amount: 2, at: null }]);

      // A duplicate key fails the transaction, which rolls back; the same statement works after it.
      await expect(
        db.transaction(async (tx) => {
          await tx.query(insert, [3, null, null, null, null]);
          await tx.query(insert, [1, null, null, null, null]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await db.query('select count(*)::int as n from t')).toEqual([{ n: 2 }]);
      await db.query(insert, [3, null, null, null, null]);

      // `select *` prepared before the table gained a column answers with the new column.
      await db.exec('alter table t add column note text');
      expect(await db.query(byId, [3])).toEqual([
        { id: 3, tags: null, doc: null, amount: null, at: null, note: null },
      ]);
      await expect(db.query('selec 1')).rejects.toMatchObject({ code: '42601' });
      expect(await db.query('select $1::int + 1 as n', [41])).toEqual([{ n: 42 }]);
    } finally {
      await db.close();
    }
  });
});
