// Accounts: the companies leads belong to, searchable, newest first.
import type { MouseEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Account } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { LoadMore } from '../../components/load-more.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { PageHeader, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { SearchInput } from '../../components/search-input.js';
import { EmptyState, ErrorBanner, Spinner } from '../../components/states.js';
import { countryName, formatCompact, formatNumber } from '../../format.js';
import { useAccountList } from '../../queries.js';

const COLUMNS = ['Name', 'Domain', 'Industry', 'Employees', 'Annual revenue', 'Country', 'Created'];

function AccountRows({ accounts }: { accounts: Account[] }) {
  const navigate = useNavigate();
  function openRow(e: MouseEvent<HTMLTableRowElement>, id: string) {
    if ((e.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
    void navigate(`/accounts/${id}`);
  }
  return (
    <tbody>
      {accounts.map((a) => (
        <tr key={a.id} onClick={(e) => openRow(e, a.id)}>
          <td className="col-name">
            <span className="name-cell">
              <Avatar name={a.name} size="sm" />
              <Link to={`/accounts/${a.id}`} className="row-link truncate" title={a.name}>
                {a.name}
              </Link>
            </span>
          </td>
          <td>{a.domain ?? <span className="muted">—</span>}</td>
          <td>{a.industry ?? <span className="muted">—</span>}</td>
          <td className="num">
            {a.employees !== null ? formatNumber(a.employees) : <span className="muted">—</span>}
          </td>
          <td className="num" title={a.annualRevenue !== null ? formatNumber(a.annualRevenue) : undefined}>
            {a.annualRevenue !== null ? formatCompact(a.annualRevenue) : <span className="muted">—</span>}
          </td>
          <td className="col-optional">
            {a.country ? countryName(a.country) : <span className="muted">—</span>}
          </td>
          <td className="col-date">
            <RelativeTime at={a.createdAt} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}

export function AccountListPage() {
  usePageTitle('Accounts');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const list = useAccountList(q ? { q } : {});
  const accounts = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Accounts"
        subtitle="The companies your leads work at, matched by e-mail domain."
        actions={<DownloadCsv path="/api/v1/accounts" query={{ q }} />}
      />
      <div className="toolbar" role="search">
        <SearchInput
          label="Search accounts"
          placeholder="Search name or domain"
          value={q}
          onChange={(v) => setParams(v.trim() ? { q: v.trim() } : {}, { replace: true })}
        />
        {list.isFetching && !list.isFetchingNextPage && list.data && <Spinner label="Updating" />}
      </div>
      {list.error && (
        <ErrorBanner error={list.error} title="Could not load accounts" onRetry={() => void list.refetch()} />
      )}
      {list.isPending ? (
        <div className="table-wrap" aria-busy="true" aria-label="Loading accounts">
          <table className="table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: 6 }, (_, i) => (
                <tr key={i}>
                  {COLUMNS.map((c) => (
                    <td key={c}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : accounts.length === 0 && !list.error ? (
        q ? (
          <EmptyState icon="search" title={`No accounts match “${q}”`} />
        ) : (
          <EmptyState icon="accounts" title="No accounts yet">
            Accounts are created when leads with a company e-mail address arrive, or through the API.
          </EmptyState>
        )
      ) : (
        accounts.length > 0 && (
          <>
            <div className={`table-wrap${list.isPlaceholderData ? ' is-stale' : ''}`}>
              <table className="table table--rows-link">
                <thead>
                  <tr>
                    <th className="col-name">Name</th>
                    <th>Domain</th>
                    <th>Industry</th>
                    <th className="num">Employees</th>
                    <th className="num">Annual revenue</th>
                    <th className="col-optional">Country</th>
                    <th className="col-date">Created</th>
                  </tr>
                </thead>
                <AccountRows accounts={accounts} />
              </table>
            </div>
            <LoadMore
              shown={accounts.length}
              noun={accounts.length === 1 ? 'account' : 'accounts'}
              hasMore={list.hasNextPage}
              isLoading={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </>
        )
      )}
    </div>
  );
}
