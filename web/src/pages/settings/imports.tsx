// Settings → Import: choose what the file holds and upload it, check the mapping against a sample of
// its rows and change it per column, dry-run it, run it with a live progress bar (and cancel), fix
// the rejected rows inline and re-submit them, download the error report, and undo a recent import.
import { type ChangeEvent, useEffect, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import {
  type DryRun,
  type ImportFieldSet,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportRecord,
  type RejectedRow,
  useCancelImport,
  useDryRun,
  useImport,
  useImportErrors,
  useImportFields,
  usePreview,
  useRecentImports,
  useResubmit,
  useStartImport,
  useUndoImport,
} from './imports-api.js';
import './imports.css';

const KIND_LABELS: Record<string, string> = { leads: 'Leads (contacts)', accounts: 'Accounts (companies)' };
const STATUS_LABELS: Record<ImportRecord['status'], string> = {
  running: 'Running',
  done: 'Done',
  stopped: 'Stopped at the error limit',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  undone: 'Undone',
};

const n = (x: number) => x.toLocaleString();

/** "Email" for `email`, "First name" for `firstName`. */
const labelOf = (field: string) => {
  const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function Counts({ counts, would }: { counts: ImportRecord['counts']; would?: boolean }) {
  const items: [string, number, string][] = [
    ['rows read', counts.rows, ''],
    [would ? 'would be created' : 'created', counts.created, 'good'],
    [would ? 'would be updated' : 'updated', counts.updated, 'accent'],
    [would ? 'would be skipped (unchanged)' : 'skipped (unchanged)', counts.unchanged, 'muted'],
    [would ? 'would be rejected' : 'rejected', counts.rejected, counts.rejected > 0 ? 'bad' : 'muted'],
  ];
  return (
    <dl className="import-counts" data-testid={would ? 'dry-run-counts' : 'import-counts'}>
      {items.map(([label, value, tone]) => (
        <div key={label} className={`import-counts__item import-counts__item--${tone || 'plain'}`}>
          <dt>{label}</dt>
          <dd>{n(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The mapping as one choice per file column: which field it sets, or none. */
function MappingTable({
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

/** "12,400 of 50,000 rows" (of about …, while the total is estimated from the bytes read). */
function rowsLabel({ rows, rowsTotal, isEstimate }: ImportRecord['progress']): string {
  if (rowsTotal === null) return `${n(rows)} rows read`;
  return `${n(rows)} of ${isEstimate ? 'about ' : ''}${n(rowsTotal)} rows`;
}

function ProgressBar({ record }: { record: ImportRecord }) {
  const { rows, rowsTotal } = record.progress;
  const finished = record.status !== 'running';
  const percent = finished ? 100 : rowsTotal ? Math.min(100, Math.floor((rows / rowsTotal) * 100)) : 0;
  return (
    <div className="import-progress">
      <div
        className={`meter meter--md meter--${record.status === 'running' || record.status === 'done' ? 'accent' : 'warning'}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="meter__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="import-progress__label">
        {finished ? STATUS_LABELS[record.status] : `${percent}% · ${rowsLabel(record.progress)}`}
      </span>
    </div>
  );
}

/** The rejected rows, every cell editable, the bad ones marked with why; fixed rows re-submitted. */
function ErrorTable({
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

/** The import being followed: its live progress, cancel, outcome and rejected rows. */
function FollowedImport({ id, onFollow }: { id: string; onFollow: (id: string) => void }) {
  const record = useImport(id);
  const cancel = useCancelImport();
  const r = record.data;
  const finished = r !== undefined && r.status !== 'running';
  const errors = useImportErrors(id, finished && (r?.counts.rejected ?? 0) > 0);
  if (record.error) return <ErrorBanner error={record.error} title="Could not read the import" />;
  if (!r) return <LoadingBlock label="Starting the import…" />;
  return (
    <Panel
      title={`${r.fileName} · ${KIND_LABELS[r.kind] ?? r.kind}`}
      id="import-run"
      actions={
        r.status === 'running' ? (
          <button
            type="button"
            className="btn btn--sm btn--danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(r.id)}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel import'}
          </button>
        ) : null
      }
    >
      <div className="stack">
        <ProgressBar record={r} />
        <Counts counts={r.counts} />
        {cancel.error ? <ErrorBanner error={cancel.error} title="Could not cancel" /> : null}
        {r.problem && <p className="muted">{r.problem}</p>}
        {finished && r.counts.rejected === 0 && r.status === 'done' && (
          <p className="import-done" role="status">
            <Icon name="check" /> Imported: {n(r.counts.created)} created, {n(r.counts.updated)} updated,{' '}
            {n(r.counts.unchanged)} unchanged.
          </p>
        )}
        {finished && r.counts.rejected > 0 && (
          <section aria-label="Rejected rows" className="stack">
            <h3 className="import-subtitle">
              {n(r.counts.rejected)} rejected {r.counts.rejected === 1 ? 'row' : 'rows'}
            </h3>
            {errors.error ? (
              <ErrorBanner error={errors.error} title="Could not read the rejected rows" />
            ) : null}
            {errors.data ? (
              <ErrorTable
                key={r.id}
                record={r}
                rows={errors.data.data}
                onResubmitted={(next) => onFollow(next.id)}
              />
            ) : (
              !errors.error && <LoadingBlock label="Reading the rejected rows…" />
            )}
          </section>
        )}
      </div>
    </Panel>
  );
}

function RecentImports({ onFollow }: { onFollow: (id: string) => void }) {
  const recent = useRecentImports();
  const undo = useUndoImport();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Panel title="Recent imports" flush>
      {recent.error ? <ErrorBanner error={recent.error} title="Could not load the imports" /> : null}
      {undo.error ? <ErrorBanner error={undo.error} title="Could not undo the import" /> : null}
      {recent.isPending ? (
        <LoadingBlock />
      ) : !recent.data || recent.data.data.length === 0 ? (
        <EmptyState icon="upload" title="No imports yet">
          Imports you run appear here, with their counts and an Undo.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Created
                </th>
                <th scope="col" className="num">
                  Updated
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">Started</th>
                <th scope="col" className="col-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {recent.data.data.map((i) => (
                <tr
                  key={i.id}
                  data-import-id={i.id}
                  className={i.status === 'undone' ? 'is-muted' : undefined}
                >
                  <td className="col-name truncate-cell" title={i.fileName}>
                    <button type="button" className="btn btn--ghost btn--sm" onClick={() => onFollow(i.id)}>
                      {i.fileName}
                    </button>
                  </td>
                  <td>{i.kind}</td>
                  <td>{STATUS_LABELS[i.status]}</td>
                  <td className="num">{n(i.counts.rows)}</td>
                  <td className="num">{n(i.counts.created)}</td>
                  <td className="num">{n(i.counts.updated)}</td>
                  <td className="num">{n(i.counts.rejected)}</td>
                  <td className="col-date">
                    <RelativeTime at={i.createdAt} />
                  </td>
                  <td className="col-actions">
                    {i.status !== 'running' && i.status !== 'undone' && (
                      <span className="inline-confirm">
                        {confirming === i.id ? (
                          <>
                            <button
                              type="button"
                              className="btn btn--sm btn--danger"
                              disabled={undo.isPending}
                              aria-label={`Confirm undoing the import of ${i.fileName}`}
                              onClick={() => undo.mutate(i.id, { onSettled: () => setConfirming(null) })}
                            >
                              Undo: remove what it created, restore what it updated
                            </button>
                            <button type="button" className="btn btn--sm" onClick={() => setConfirming(null)}>
                              Keep
                            </button>
                          </>
                        ) : (
                          <button type="button" className="btn btn--sm" onClick={() => setConfirming(i.id)}>
                            Undo
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

export function ImportPage() {
  usePageTitle('Import');
  const fields = useImportFields();
  const preview = usePreview();
  const dryRun = useDryRun();
  const start = useStartImport();
  const [kind, setKind] = useState<ImportKind>('leads');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [checked, setChecked] = useState<DryRun | null>(null);
  const [followed, setFollowed] = useState<string | null>(null);
  const fieldSet = fields.data?.data.find((f) => f.kind === kind);

  // A new file or kind starts over: the server guesses the mapping from the header row.
  useEffect(() => {
    setChecked(null);
    if (file) preview.mutate({ file, kind, mapping: null }, { onSuccess: (p) => setMapping(p.mapping) });
    else setMapping(null);
  }, [file, kind]);

  function changeMapping(m: ImportMapping) {
    setMapping(m);
    setChecked(null);
    if (file) preview.mutate({ file, kind, mapping: m });
  }

  function chooseFile(e: ChangeEvent<HTMLInputElement>) {
    setFile(e.target.files?.[0] ?? null);
  }

  const missing =
    fieldSet && mapping ? fieldSet.required.some((oneOf) => !oneOf.some((f) => f in mapping.fields)) : true;
  const input = file && mapping ? { file, kind, mapping } : null;

  return (
    <div className="stack">
      <Panel title="Import a CSV file">
        <div className="stack">
          {fields.error ? (
            <ErrorBanner error={fields.error} title="Could not load the import fields" />
          ) : null}
          <div className="import-choose">
            <div className="field">
              <label className="field__label" htmlFor="import-kind">
                What the file holds
              </label>
              <select
                id="import-kind"
                className="select"
                value={kind}
                onChange={(e) => setKind(e.target.value as ImportKind)}
              >
                {(fields.data?.data ?? []).map((f) => (
                  <option key={f.kind} value={f.kind}>
                    {KIND_LABELS[f.kind] ?? f.kind}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor="import-file">
                CSV file
              </label>
              <input
                id="import-file"
                className="input"
                type="file"
                accept=".csv,.tsv,.txt,text/csv"
                onChange={chooseFile}
              />
              <p className="field__hint">
                Any delimiter; UTF-8, UTF-16 or Latin-1. Up to 64 MB here (the CLI takes any size).
              </p>
            </div>
          </div>
          {!file && (
            <EmptyState icon="upload" title="Choose a file to start">
              You will see how its columns map and a sample of its rows before anything is written.
            </EmptyState>
          )}
          {preview.error ? (
            <ErrorBanner error={preview.error} title="The file cannot be imported as it is" />
          ) : null}
        </div>
      </Panel>

      {file && preview.data && mapping && fieldSet && (
        <Panel
          title="Mapping"
          actions={
            <span className="muted">
              {preview.data.encoding}, “{preview.data.delimiter === '\t' ? 'tab' : preview.data.delimiter}”
              separated
            </span>
          }
        >
          <div className="stack">
            <MappingTable
              preview={preview.data}
              fields={fieldSet}
              mapping={mapping}
              onChange={changeMapping}
            />
            <div className="import-actions">
              <button
                type="button"
                className="btn"
                disabled={!input || missing || dryRun.isPending}
                onClick={() => input && dryRun.mutate(input, { onSuccess: setChecked })}
              >
                {dryRun.isPending ? 'Checking…' : 'Dry run'}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                disabled={!input || missing || start.isPending}
                onClick={() => input && start.mutate(input, { onSuccess: (r) => setFollowed(r.id) })}
              >
                <Icon name="upload" />
                {start.isPending ? 'Uploading…' : 'Import'}
              </button>
              <span className="muted">A dry run reads the whole file and writes nothing.</span>
            </div>
            {dryRun.error ? <ErrorBanner error={dryRun.error} title="The dry run failed" /> : null}
            {start.error ? <ErrorBanner error={start.error} title="The import could not start" /> : null}
            {checked && (
              <section aria-label="Dry run" className="stack">
                <Counts counts={checked.counts} would />
                {checked.stopped && <p className="field__error">{checked.stopped}</p>}
                {checked.rejected.length > 0 && (
                  <ul className="import-dry-rejects">
                    {checked.rejected.slice(0, 20).map((r) => (
                      <li key={r.row}>
                        Row {r.row}:{' '}
                        {r.problems
                          .map((p) => (p.column ? `${p.column} “${p.value}”: ${p.reason}` : p.reason))
                          .join('; ')}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            )}
          </div>
        </Panel>
      )}

      {followed && <FollowedImport id={followed} onFollow={setFollowed} />}

      <RecentImports onFollow={setFollowed} />
    </div>
  );
}
