// The rejected rows of an import, every cell editable and the bad ones marked with why; the fixed
// rows are re-submitted as a new import, and the error report downloads as CSV.
import { useState } from 'react';
import { Icon } from '../../components/icons.js';
import { ErrorBanner } from '../../components/states.js';
import { type ImportRecord, type RejectedRow, useResubmit } from './imports-api.js';

/** The rejected rows, every cell editable, the bad ones marked with why; fixed rows re-submitted. */
export function ErrorTable({
  record,
  rows,
  onResubmitted,
}: {
  record: ImportRecord;
  rows: RejectedRow[];
  onResubmitted: (r: ImportRecord) => void;
}) {
  const [edits, setEdits] = useState<Record<number, string[]>>({});
  const resubmit = useResubmit();
  const valuesOf = (r: RejectedRow) => edits[r.row] ?? record.headers.map((_, i) => r.values[i] ?? '');
  const changed = rows.filter((r) => edits[r.row]);
  function edit(r: RejectedRow, i: number, value: string) {
    const next = [...valuesOf(r)];
    next[i] = value;
    setEdits((e) => ({ ...e, [r.row]: next }));
  }
  function submit() {
    resubmit.mutate(
      { id: record.id, rows: changed.map((r) => ({ row: r.row, values: valuesOf(r) })) },
      { onSuccess: (next) => onResubmitted(next) },
    );
  }
  return (
    <>
      {resubmit.error ? <ErrorBanner error={resubmit.error} title="Could not re-submit the rows" /> : null}
      <div className="table-wrap">
        <table className="table import-errors">
          <thead>
            <tr>
              <th scope="col">Row</th>
              {record.headers.map((h, i) => (
                <th key={`${h}-${i}`} scope="col">
                  {h}
                </th>
              ))}
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const values = valuesOf(r);
              return (
                <tr key={r.row} data-row={r.row} className={edits[r.row] ? 'is-edited' : undefined}>
                  <td className="num">{r.row}</td>
                  {record.headers.map((h, i) => {
                    const bad = r.problems.some((p) => p.column === h);
                    return (
                      <td key={`${h}-${i}`} className={bad ? 'import-cell--bad' : undefined}>
                        <input
                          className="input input--sm import-errors__input"
                          aria-label={`Row ${r.row}, ${h}`}
                          aria-invalid={bad && !edits[r.row] ? true : undefined}
                          value={values[i] ?? ''}
                          onChange={(e) => edit(r, i, e.target.value)}
                        />
                      </td>
                    );
                  })}
                  <td className="import-errors__why">
                    {r.problems.map((p, k) => (
                      <div key={k}>
                        {p.column ? (
                          <>
                            <strong>{p.column}</strong> “{p.value}”: {p.reason}
                          </>
                        ) : (
                          p.reason
                        )}
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="import-actions">
        <button
          type="button"
          className="btn btn--primary"
          disabled={changed.length === 0 || resubmit.isPending}
          onClick={submit}
        >
          <Icon name="check" />
          {resubmit.isPending
            ? 'Re-submitting…'
            : `Re-submit fixed rows${changed.length ? ` (${changed.length})` : ''}`}
        </button>
        <a className="btn" href={`/api/v1/imports/${record.id}/errors.csv`} download>
          Download error CSV
        </a>
        <span className="muted">Edit the bad cells, then re-submit just those rows as a new import.</span>
      </div>
    </>
  );
}
