// A table of opportunities (the list page, the lead and account pages): name, account, stage, amount in
// its currency, probability, close date, owner.
import { Link } from 'react-router';
import type { Opportunity } from '../../api.js';
import { formatDay, formatMoney, formatPercent } from '../../format.js';

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

export function OpportunityTable({
  opportunities,
  columns = ALL_COLUMNS,
  isStale = false,
}: {
  opportunities: Opportunity[];
  columns?: OpportunityColumn[];
  isStale?: boolean;
}) {
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
          </tr>
        </thead>
        <tbody>
          {opportunities.map((o) => (
            <tr key={o.id} data-opportunity={o.id}>
              {columns.map((c) => (
                <td key={c} className={HEADERS[c].className}>
                  <Cell o={o} column={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
