// A table of opportunities (the list page, the lead and account pages): name, account, stage, amount in
// its currency, probability, close date, owner; for those who may, an edit under each row, and what
// the save did to the deal's lead.
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { Opportunity } from '../../api.js';
import { formatDay, formatMoney, formatPercent } from '../../format.js';
import { useSession } from '../../session.js';
import { can } from '../../../../src/domain/roles.js';
import { Icon } from '../../components/icons.js';
import { OpportunityEdit } from './opportunity-edit.js';
import type { Saved } from './opportunity-mutations.js';

export type OpportunityColumn =
  'name' | 'account' | 'lead' | 'stage' | 'amount' | 'probability' | 'close' | 'owner';

const HEADERS: Record<OpportunityColumn, { label: string; className?: string }> = {
  name: { label: 'Opportunity', className: 'col-name' },
  account: { label: 'Account' },
  lead: { label: 'Lead' },
  stage: { label: 'Stage' },
  amount: { label: 'Amount', className: 'num' },
  probability: { label: 'Probability', className: 'num' },
  close: { label: 'Close date', className: 'col-date' },
  owner: { label: 'Owner' },
};

export const ALL_COLUMNS: OpportunityColumn[] = [
  'name',
  'account',
  'lead',
  'stage',
  'amount',
  'probability',
  'close',
  'owner',
];

const STATUS_CLASS = { open: 'status-open', won: 'status-won', lost: 'status-lost' } as const;

function Cell({ o, column }: { o: Opportunity; column: OpportunityColumn }) {
  const none = <span className="muted">—</span>;
  switch (column) {
    case 'name':
      return (
        <span className="truncate" title={o.name}>
          {o.name}
        </span>
      );
    case 'account':
      return o.accountId ? <Link to={`/accounts/${o.accountId}`}>{o.accountName ?? 'Account'}</Link> : none;
    case 'lead':
      return o.leadId ? <Link to={`/leads/${o.leadId}`}>{o.leadName ?? 'Lead'}</Link> : none;
    case 'stage':
      return (
        <span className={`opportunity-stage ${STATUS_CLASS[o.status]}`} data-status={o.status}>
          {o.stage}
        </span>
      );
    case 'amount':
      return <>{formatMoney(o.amount, o.currency)}</>;
    case 'probability':
      return (
        <span title={o.isProbabilitySet ? 'Set' : "The stage's default"}>{formatPercent(o.probability)}</span>
      );
    case 'close':
      return o.closeDate ? <>{formatDay(o.closeDate)}</> : none;
    case 'owner':
      return o.ownerName ? <>{o.ownerName}</> : <span className="muted">Unassigned</span>;
  }
}

/** Whether the signed-in person may create and change opportunities. */
export function useCanWriteOpportunities(): boolean {
  const { user } = useSession();
  return can(user.role, 'opportunities:write');
}

export function OpportunityTable({
  opportunities,
  columns = ALL_COLUMNS,
  isStale = false,
  onSaved,
}: {
  opportunities: Opportunity[];
  columns?: OpportunityColumn[];
  isStale?: boolean;
  /** A row's edit was saved (the page says what it did to the lead). */
  onSaved: (saved: Saved) => void;
}) {
  const canEdit = useCanWriteOpportunities();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className={`table-wrap${isStale ? ' is-stale' : ''}`}>
      <table className="table" aria-label="Opportunities">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} className={HEADERS[c].className}>
                {HEADERS[c].label}
              </th>
            ))}
            {canEdit && (
              <th className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {opportunities.map((o) => (
            <Fragment key={o.id}>
              <tr data-opportunity={o.id}>
                {columns.map((c) => (
                  <td key={c} className={HEADERS[c].className}>
                    <Cell o={o} column={c} />
                  </td>
                ))}
                {canEdit && (
                  <td className="col-actions">
                    <button
                      type="button"
                      className="btn btn--ghost btn--icon btn--sm"
                      aria-expanded={editing === o.id}
                      aria-label={`Edit ${o.name}`}
                      title="Edit"
                      onClick={() => setEditing(editing === o.id ? null : o.id)}
                    >
                      <Icon name="pencil" />
                    </button>
                  </td>
                )}
              </tr>
              {editing === o.id && (
                <tr className="subrow">
                  <td colSpan={columns.length + 1}>
                    <OpportunityEdit
                      opportunity={o}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) onSaved(saved);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
