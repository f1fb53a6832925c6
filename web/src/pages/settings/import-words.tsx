// The words and figures Settings → Import shows in several places: kinds and statuses by name,
// counts as read, a field's label, and an import's counts (or a dry run's, as "would be").
import type { ImportRecord } from './imports-api.js';

export const KIND_LABELS: Record<string, string> = {
  leads: 'Leads (contacts)',
  accounts: 'Accounts (companies)',
};
export const STATUS_LABELS: Record<ImportRecord['status'], string> = {
  running: 'Running',
  done: 'Done',
  stopped: 'Stopped at the error limit',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  undone: 'Undone',
};

export const n = (x: number) => x.toLocaleString();

/** "Email" for `email`, "First name" for `firstName`. */
export const labelOf = (field: string) => {
  const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function Counts({ counts, would }: { counts: ImportRecord['counts']; would?: boolean }) {
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
