// The recent imports of the workspace, with their counts, and Undo (after a confirmation).
import { useState } from 'react';
import { Panel } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useRecentImports, useUndoImport } from './imports-api.js';
import { STATUS_LABELS, n } from './import-words.js';

export function RecentImports({ onFollow }: { onFollow: (id: string) => void }) {
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
