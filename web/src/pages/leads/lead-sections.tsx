// The sections of a lead's page, in order. Later work adds Score, Timeline and Stage history here.
import type { ComponentType } from 'react';
import { Link } from 'react-router';
import type { Lead, Role } from '../../api.js';
import { AttributeList } from '../../components/attribute-list.js';
import { RelativeTime } from '../../components/relative-time.js';
import { countryName, formatCompact, formatNumber, humanize } from '../../format.js';
import { useAccount, useMembers } from '../../queries.js';

export interface LeadSection {
  /** Anchor and test hook: the section renders as <section id="lead-{id}">. */
  id: string;
  title: string;
  /** `main` is the wide column; `aside` the narrow one on the right (it appears once a section uses it). */
  area: 'main' | 'aside';
  visibleTo?: readonly Role[];
  Component: ComponentType<{ lead: Lead }>;
}

function OwnerName({ id }: { id: string | null }) {
  const members = useMembers();
  if (!id) return <span className="muted">Unassigned</span>;
  const owner = members.data?.find((m) => m.id === id);
  return <span title={owner?.email}>{owner?.name ?? (members.isPending ? '…' : 'Former member')}</span>;
}

function AccountLink({ id }: { id: string | null }) {
  const account = useAccount(id);
  if (!id) return <span className="muted">—</span>;
  return <Link to={`/accounts/${id}`}>{account.data?.name ?? (account.isPending ? '…' : 'Account')}</Link>;
}

function FitAttributes({ lead }: { lead: Lead }) {
  return (
    <div className="attribute-groups">
      <div>
        <h3 className="attribute-groups__title">Person</h3>
        <AttributeList
          items={[
            { label: 'E-mail', value: lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a> },
            { label: 'Phone', value: lead.phone },
            { label: 'Title', value: lead.title },
            { label: 'Function', value: lead.titleFunction && humanize(lead.titleFunction) },
            { label: 'Seniority', value: lead.titleSeniority && humanize(lead.titleSeniority) },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Company</h3>
        <AttributeList
          items={[
            { label: 'Company', value: lead.company },
            { label: 'Account', value: lead.accountId && <AccountLink id={lead.accountId} /> },
            { label: 'Industry', value: lead.industry },
            {
              label: 'Employees',
              value: lead.employees !== null && <span className="num">{formatNumber(lead.employees)}</span>,
            },
            {
              label: 'Annual revenue',
              value: lead.annualRevenue !== null && (
                <span className="num">{formatCompact(lead.annualRevenue)}</span>
              ),
              ...(lead.annualRevenue !== null ? { title: formatNumber(lead.annualRevenue) } : {}),
            },
            {
              label: 'E-mail domain',
              value: lead.emailDomain && (
                <>
                  {lead.emailDomain}
                  {lead.emailDomainType && <span className="muted"> · {humanize(lead.emailDomainType)}</span>}
                </>
              ),
            },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Location and source</h3>
        <AttributeList
          items={[
            { label: 'Country', value: lead.country && countryName(lead.country) },
            { label: 'Region', value: lead.region },
            { label: 'Source', value: lead.source },
            { label: 'Medium', value: lead.medium },
            { label: 'Campaign', value: lead.campaign },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Ownership</h3>
        <AttributeList
          items={[
            { label: 'Owner', value: <OwnerName id={lead.ownerId} /> },
            { label: 'In stage since', value: <RelativeTime at={lead.stageEnteredAt} /> },
            {
              label: 'Last activity',
              value: lead.lastActivityAt && <RelativeTime at={lead.lastActivityAt} />,
            },
            { label: 'Created', value: <RelativeTime at={lead.createdAt} /> },
            { label: 'External id', value: lead.externalId && <code>{lead.externalId}</code> },
          ]}
        />
      </div>
    </div>
  );
}

function traitValue(value: unknown) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return <span className="num">{formatNumber(value)}</span>;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  return <code className="json">{JSON.stringify(value)}</code>;
}

function Traits({ lead }: { lead: Lead }) {
  const entries = Object.entries(lead.traits).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return (
      <p className="muted">
        No traits recorded. Traits are the extra properties sent with <code>identify</code> calls and imports.
      </p>
    );
  }
  return (
    <AttributeList
      className="attributes--wide-labels"
      items={entries.map(([key, value]) => ({ label: key, value: traitValue(value) }))}
    />
  );
}

export const LEAD_SECTIONS: LeadSection[] = [
  { id: 'fit', title: 'Fit attributes', area: 'main', Component: FitAttributes },
  { id: 'traits', title: 'Traits', area: 'main', Component: Traits },
];
