// Leads: search, filter by stage, owner, source, campaign and creation date, sort, page, open one.
import { DownloadCsv } from '../../components/download-csv.js';
import {
  DateRangeFilter,
  ListToolbarEnd,
  NoMatch,
  OwnerFilter,
  PagedListBody,
  SelectFilter,
  TextFilter,
  useUrlFilters,
} from '../../components/list-page.js';
import { PageHeader, usePageTitle } from '../../components/page.js';
import { SearchInput } from '../../components/search-input.js';
import { EmptyState } from '../../components/states.js';
import { useLeadList } from '../../queries.js';
import { STAGES, type Stage, stageLabel } from '../../stages.js';
import { LEAD_SORT_OPTIONS, type LeadListQuery, isLeadSort, localDayStart } from './lead-list-query.js';
import { LeadTable, LeadTableSkeleton } from './lead-table.js';

const OWNER_OPTIONS = [
  { value: '', label: 'Any owner' },
  { value: 'me', label: 'Mine' },
  { value: 'none', label: 'Unassigned' },
];

const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

export function LeadListPage() {
  usePageTitle('Leads');
  const { params, setParam, clear } = useUrlFilters();
  const q = params.get('q') ?? '';
  const stage = params.get('stage') ?? '';
  const owner = params.get('owner') ?? '';
  const source = params.get('source') ?? '';
  const campaign = params.get('campaign') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sortParam = params.get('sort') ?? '';
  const sort = isLeadSort(sortParam) ? sortParam : '-createdAt';
  const createdAfter = localDayStart(from);
  const createdBefore = localDayStart(to, 1);
  const filter: LeadListQuery = {
    ...(q ? { q } : {}),
    ...(isStage(stage) ? { stage: [stage] } : {}),
    ...(owner ? { ownerId: owner } : {}),
    ...(source ? { source } : {}),
    ...(campaign ? { campaign } : {}),
    ...(createdAfter ? { createdAfter } : {}),
    ...(createdBefore ? { createdBefore } : {}),
  };
  const hasFilter = Object.keys(filter).length > 0;
  const list = useLeadList({ ...filter, ...(sort !== '-createdAt' ? { sort } : {}) });
  const sortLabel = LEAD_SORT_OPTIONS.find((o) => o.value === sort)?.label.toLowerCase() ?? 'newest first';
  const leads = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Leads"
        subtitle={`Everyone who has shown up, ${sortLabel}.`}
        actions={<DownloadCsv path="/api/v1/leads" query={{ ...filter, sort }} />}
      />
      <div className="toolbar" role="search">
        <SearchInput
          label="Search leads"
          placeholder="Search name, e-mail or company"
          value={q}
          onChange={(v) => setParam('q', v.trim())}
        />
        <SelectFilter
          id="stage-filter"
          label="Stage"
          value={stage}
          options={[
            { value: '', label: 'All stages' },
            ...STAGES.map((s) => ({ value: s, label: stageLabel(s).long })),
          ]}
          onChange={(v) => setParam('stage', v)}
        />
        <OwnerFilter
          id="owner-filter"
          value={owner}
          choices={OWNER_OPTIONS}
          onChange={(v) => setParam('owner', v)}
        />
        <TextFilter
          id="source-filter"
          label="Source"
          value={source}
          onChange={(v) => setParam('source', v)}
        />
        <TextFilter
          id="campaign-filter"
          label="Campaign"
          value={campaign}
          onChange={(v) => setParam('campaign', v)}
        />
        <DateRangeFilter
          id="created"
          label="Created"
          from={from}
          to={to}
          onFrom={(v) => setParam('from', v)}
          onTo={(v) => setParam('to', v)}
        />
        <SelectFilter
          id="sort-order"
          label="Sort"
          value={sort}
          options={LEAD_SORT_OPTIONS}
          onChange={(v) => setParam('sort', v === '-createdAt' ? '' : v)}
        />
        <ListToolbarEnd list={list} hasFilter={hasFilter} onClear={clear} />
      </div>

      <PagedListBody
        list={list}
        shown={leads.length}
        noun={{ one: 'lead', many: 'leads' }}
        errorTitle="Could not load leads"
        loading={<LeadTableSkeleton />}
        hasFilter={hasFilter}
        emptyFiltered={<NoMatch title="No leads match these filters" onClear={clear} />}
        empty={
          <EmptyState icon="leads" title="No leads yet">
            Leads appear here as they arrive from tracking, imports and the API.
          </EmptyState>
        }
      >
        <LeadTable leads={leads} isStale={list.isPlaceholderData} />
      </PagedListBody>
    </div>
  );
}
