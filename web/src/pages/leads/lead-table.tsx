// The table of leads: one dense row each, the name linking to the lead's page; columns chosen per use.
import type { MouseEvent, ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Lead } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { RelativeTime } from '../../components/relative-time.js';
import { ScoreChip } from '../../components/score-badges.js';
import { StagePill } from '../../components/stage-pill.js';
import { countryName, leadName } from '../../format.js';

function Text({ value }: { value: string | null }) {
  return value ? (
    <span className="truncate" title={value}>
      {value}
    </span>
  ) : (
    <span className="muted">—</span>
  );
}

interface Column {
  header: string;
  /** `col-optional` columns are hidden on narrow screens; `col-name` and `col-date` size themselves. */
  className?: string;
  cell: (lead: Lead, from: string) => ReactNode;
}

const COLUMNS = {
  name: {
    header: 'Name',
    className: 'col-name',
    cell: (lead, from) => {
      const name = leadName(lead);
      return (
        <span className="name-cell">
          <Avatar name={name} size="sm" />
          <Link to={`/leads/${lead.id}`} state={{ from }} className="row-link truncate" title={name}>
            {name}
          </Link>
        </span>
      );
    },
  },
  email: { header: 'E-mail', className: 'col-optional', cell: (lead) => <Text value={lead.email} /> },
  company: { header: 'Company', cell: (lead) => <Text value={lead.company} /> },
  title: { header: 'Title', cell: (lead) => <Text value={lead.title} /> },
  stage: { header: 'Stage', className: 'col-stage', cell: (lead) => <StagePill stage={lead.stage} /> },
  score: {
    header: 'Score',
    className: 'col-score',
    cell: (lead) => <ScoreChip grade={lead.fitGrade} points={lead.fitPoints} engagement={lead.engagement} />,
  },
  owner: { header: 'Owner', cell: (lead) => <Text value={lead.owner?.name ?? null} /> },
  country: {
    header: 'Country',
    className: 'col-optional',
    cell: (lead) => <Text value={lead.country && countryName(lead.country)} />,
  },
  source: { header: 'Source', className: 'col-optional', cell: (lead) => <Text value={lead.source} /> },
  created: { header: 'Created', className: 'col-date', cell: (lead) => <RelativeTime at={lead.createdAt} /> },
} satisfies Record<string, Column>;

export type LeadColumn = keyof typeof COLUMNS;

/** The leads page's columns; the e-mail is on the lead's page (and searchable), not worth a column here. */
export const ALL_LEAD_COLUMNS: LeadColumn[] = [
  'name',
  'company',
  'title',
  'stage',
  'score',
  'owner',
  'country',
  'source',
  'created',
];

function Head({ columns }: { columns: LeadColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const col: Column = COLUMNS[c];
          return (
            <th key={c} className={col.className}>
              {col.header}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

export function LeadTableSkeleton({
  rows = 8,
  columns = ALL_LEAD_COLUMNS,
}: {
  rows?: number;
  columns?: LeadColumn[];
}) {
  return (
    <div className="table-wrap" aria-busy="true" aria-label="Loading leads">
      <table className="table table--fixed">
        <Head columns={columns} />
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className={(COLUMNS[c] as Column).className}>
                  <span className="skeleton" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LeadTable({
  leads,
  columns = ALL_LEAD_COLUMNS,
  isStale = false,
}: {
  leads: Lead[];
  columns?: LeadColumn[];
  /** Rows from the previous filter while the new one loads: shown dimmed. */
  isStale?: boolean;
}) {
  const navigate = useNavigate();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;

  // The whole row opens the lead; the name is the real link (keyboard, middle-click, new tab).
  function openRow(e: MouseEvent<HTMLTableRowElement>, id: string) {
    if ((e.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
    void navigate(`/leads/${id}`, { state: { from } });
  }

  return (
    <div className={`table-wrap${isStale ? ' is-stale' : ''}`}>
      <table className="table table--rows-link table--fixed">
        <Head columns={columns} />
        <tbody>
          {leads.map((lead) => (
            <tr key={lead.id} onClick={(e) => openRow(e, lead.id)}>
              {columns.map((c) => {
                const col: Column = COLUMNS[c];
                return (
                  <td key={c} className={col.className}>
                    {col.cell(lead, from)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
