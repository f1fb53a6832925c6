// Rows sent to the database as one array literal per column (arrayRecordset): every value comes
// back as it went, whatever characters it holds.
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/database.js';
import { arrayRecordset } from './rows.js';
import { leads } from './schema/index.js';

const t = testDatabase();

const COLUMNS = arrayRecordset(leads, [
  'email',
  'traits',
  'employees',
  'fitPoints',
  'recyclable',
  'createdAt',
]);

describe('arrayRecordset', () => {
  it('reads back quotes, backslashes, braces, commas, the word NULL, empty text, JSON and times as sent', async () => {
    const rows = [
      {
        email: 'a "quoted", {braced} \\ back\\slashed',
        traits: { say: 'he said "hi" \\o/', list: [1, null, 'NULL'] },
        employees: 12,
        fitPoints: 0.1 + 0.2,
        recyclable: true,
        createdAt: new Date('2026-03-02T09:00:00.123Z'),
      },
      {
        email: 'NULL',
        traits: 'a JSON string',
        employees: null,
        fitPoints: -1e300,
        recyclable: false,
        createdAt: null,
      },
      { email: '', traits: null, employees: 0, fitPoints: 0, recyclable: null, createdAt: new Date(0) },
    ];
    const back = await t.db.query<Record<string, unknown>>(
      `select r.* from ${COLUMNS.from(1, 'r', true)} order by r.n`,
      COLUMNS.arrays(rows),
    );
    expect(back.map(({ n, ...r }) => ({ n: Number(n), ...r }))).toEqual(
      rows.map((r, i) => ({ n: i + 1, ...r })),
    );
  });

  it('writes no row for no rows', async () => {
    const back = await t.db.query(`select r.* from ${COLUMNS.from(1, 'r')}`, COLUMNS.arrays([]));
    expect(back).toEqual([]);
  });
});
