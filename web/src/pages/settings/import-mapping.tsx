// The mapping step of Settings → Import: one choice per file column (which field it sets, or none),
// beside the first rows of the file, and what the import still needs mapped.
import type { ImportFieldSet, ImportMapping, ImportPreview } from './imports-api.js';
import { labelOf } from './import-words.js';

/** The mapping as one choice per file column: which field it sets, or none. */
export function MappingTable({
  preview,
  fields,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  fields: ImportFieldSet;
  mapping: ImportMapping;
  onChange: (m: ImportMapping) => void;
}) {
  const fieldOf = (column: string) => Object.entries(mapping.fields).find(([, c]) => c === column)?.[0] ?? '';
  function choose(column: string, field: string) {
    const next = Object.fromEntries(
      Object.entries(mapping.fields).filter(([f, c]) => c !== column && f !== field),
    );
    if (field) next[field] = column;
    onChange({ ...mapping, fields: next });
  }
  const required = fields.required
    .filter((oneOf) => !oneOf.some((f) => f in mapping.fields))
    .map((oneOf) => oneOf.map(labelOf).join(' or '));
  return (
    <>
      {required.length > 0 && (
        <p className="field__error" role="alert">
          Map a column to {required.join('; ')}: the import needs it.
        </p>
      )}
      <div className="table-wrap">
        <table className="table import-mapping">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Imports into</th>
              {preview.sample.slice(0, 3).map((s) => (
                <th key={s.row} scope="col">
                  Row {s.row}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.headers.map((h, i) => (
              <tr key={`${h}-${i}`}>
                <th scope="row" className="col-name">
                  {h || <span className="muted">(no name)</span>}
                </th>
                <td>
                  <select
                    className="select select--sm"
                    aria-label={`Field for column ${h}`}
                    value={fieldOf(h)}
                    onChange={(e) => choose(h, e.target.value)}
                  >
                    <option value="">— do not import —</option>
                    {fields.fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {labelOf(f.name)}
                      </option>
                    ))}
                  </select>
                </td>
                {preview.sample.slice(0, 3).map((s) => {
                  const problem = s.problems.find((p) => p.column === h);
                  return (
                    <td
                      key={s.row}
                      className={problem ? 'import-cell--bad truncate-cell' : 'truncate-cell'}
                      title={problem ? problem.reason : s.values[i]}
                    >
                      {s.values[i] ?? ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
