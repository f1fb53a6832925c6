// One account: its attributes and the leads who work there.
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.js';
import { AttributeList } from '../../components/attribute-list.js';
import { Avatar } from '../../components/avatar.js';
import { Icon } from '../../components/icons.js';
import { LoadMore } from '../../components/load-more.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { countryName, formatCompact, formatNumber } from '../../format.js';
import { useAccount, useLeadList, useMembers } from '../../queries.js';
import { LeadTable } from '../leads/lead-table.js';
import { OpportunitySection } from '../opportunities/opportunity-section.js';

function BackToAccounts() {
  return (
    <Link to="/accounts" className="back-link">
      <Icon name="back" /> Accounts
    </Link>
  );
}

function AccountLeads({ accountId }: { accountId: string }) {
  const list = useLeadList({ accountId });
  const leads = list.data?.pages.flatMap((p) => p.data) ?? [];
  if (list.isPending) return <LoadingBlock label="Loading leads…" />;
  if (list.error) return <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />;
  if (leads.length === 0) return <EmptyState title="No leads at this account yet" />;
  return (
    <>
      <LeadTable leads={leads} columns={['name', 'title', 'stage', 'score', 'owner', 'source', 'created']} />
      <LoadMore
        shown={leads.length}
        noun={leads.length === 1 ? 'lead' : 'leads'}
        hasMore={list.hasNextPage}
        isLoading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </>
  );
}

export function AccountDetailPage() {
  const { id = '' } = useParams();
  const account = useAccount(id);
  const members = useMembers();
  usePageTitle(account.data?.name ?? 'Account');

  if (account.isPending) {
    return (
      <div className="page">
        <BackToAccounts />
        <LoadingBlock label="Loading account…" />
      </div>
    );
  }
  if (account.error) {
    const missing =
      isApiError(account.error) && (account.error.status === 404 || account.error.status === 400);
    return (
      <div className="page">
        <BackToAccounts />
        {missing ? (
          <EmptyState icon="search" title="This account does not exist in this workspace" />
        ) : (
          <ErrorBanner
            error={account.error}
            title="Could not load the account"
            onRetry={() => void account.refetch()}
          />
        )}
      </div>
    );
  }
  const a = account.data;
  const owner = a.ownerId ? members.data?.find((m) => m.id === a.ownerId) : null;
  const traits = Object.entries(a.traits).sort(([x], [y]) => x.localeCompare(y));

  return (
    <div className="page">
      <header className="record-header">
        <BackToAccounts />
        <div className="record-header__main">
          <Avatar name={a.name} size="lg" />
          <div className="record-header__text">
            <h1 className="record-header__title">{a.name}</h1>
            <p className="record-header__subtitle">
              {a.domain ?? <span className="muted">No domain</span>}
              {a.industry && <span className="muted"> · {a.industry}</span>}
            </p>
          </div>
        </div>
      </header>
      <div className="detail-grid detail-grid--with-aside">
        <div className="detail-grid__main">
          <Panel id="account-opportunities" title="Opportunities" flush>
            <OpportunitySection
              filter={{ accountId: a.id }}
              known={{ accountId: a.id }}
              columns={['name', 'lead', 'stage', 'amount', 'probability', 'close', 'owner']}
            />
          </Panel>
          <Panel id="account-leads" title="Leads" flush>
            <AccountLeads accountId={a.id} />
          </Panel>
        </div>
        <div className="detail-grid__aside">
          <Panel id="account-attributes" title="Attributes">
            <AttributeList
              items={[
                { label: 'Domain', value: a.domain },
                { label: 'Industry', value: a.industry },
                { label: 'Employees', value: a.employees !== null && formatNumber(a.employees) },
                {
                  label: 'Annual revenue',
                  value: a.annualRevenue !== null && formatCompact(a.annualRevenue),
                  ...(a.annualRevenue !== null ? { title: formatNumber(a.annualRevenue) } : {}),
                },
                { label: 'Country', value: a.country && countryName(a.country) },
                { label: 'Region', value: a.region },
                {
                  label: 'Owner',
                  value: a.ownerId ? (owner?.name ?? '…') : <span className="muted">Unassigned</span>,
                },
                { label: 'External id', value: a.externalId && <code>{a.externalId}</code> },
                { label: 'Created', value: <RelativeTime at={a.createdAt} /> },
                ...traits.map(([key, value]) => ({
                  label: key,
                  value:
                    typeof value === 'string' || typeof value === 'number'
                      ? String(value)
                      : JSON.stringify(value),
                })),
              ]}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}
