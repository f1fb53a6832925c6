// Settings → Import: choose what the file holds and upload it, see the preset its header row is
// recognised as (or pick another preset or saved mapping), check the mapping against a sample of its
// rows and change it per column, dry-run it, run it with a live progress bar (and cancel), fix the
// rejected rows inline and re-submit them, download the error report, and undo a recent import.
import { type ChangeEvent, useEffect, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { ErrorTable } from './import-errors.js';
import { MappingTable } from './import-mapping.js';
import { PresetPicker, type Recognised } from './import-preset-picker.js';
import { Counts, KIND_LABELS, STATUS_LABELS, n } from './import-words.js';
import {
  type DryRun,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportRecord,
  useCancelImport,
  useDryRun,
  useImport,
  useImportErrors,
  useImportFields,
  usePreview,
  useStartImport,
} from './imports-api.js';
import { RecentImports } from './recent-imports.js';
import './imports.css';

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
  const [preset, setPreset] = useState('');
  const [recognised, setRecognised] = useState<Recognised | null>(null);
  const fieldSet = fields.data?.data.find((f) => f.kind === kind);

  // A new file or kind starts over: the server recognises a preset from the header row, or guesses.
  useEffect(() => {
    setChecked(null);
    setPreset('');
    setRecognised(null);
    if (!file) return setMapping(null);
    preview.mutate(
      { file, kind, mapping: null },
      {
        onSuccess: (p) => {
          const isRecognised = p.preset.source === 'detected';
          setMapping(p.mapping);
          setRecognised({
            name: isRecognised ? p.preset.name : null,
            note: isRecognised ? null : p.preset.note,
          });
          setPreset(isRecognised ? (p.preset.name ?? '') : '');
        },
      },
    );
  }, [file, kind]);

  /** Another preset or saved mapping (or the guess): the server maps the file's columns with it. */
  function choosePreset(name: string) {
    setPreset(name);
    setChecked(null);
    if (file) {
      preview.mutate(
        { file, kind, mapping: null, ...(name ? { preset: name } : {}) },
        { onSuccess: (p: ImportPreview) => setMapping(p.mapping) },
      );
    }
  }

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
            {recognised && (
              <PresetPicker
                kind={kind}
                recognised={recognised}
                value={preset}
                onChoose={choosePreset}
                disabled={preview.isPending}
              />
            )}
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
