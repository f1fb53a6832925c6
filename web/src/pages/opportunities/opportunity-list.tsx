// Opportunities: the pipeline's deals, filtered by status, stage, owner, source and close date, newest first.
import { useState } from 'react';
import type { OpportunityFilter } from '../../api.js';
import { Icon } from '../../components/icons.js';
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
import { EmptyState, LoadingBlock } from '../../components/states.js';
import { useOpportunityList } from '../../queries.js';
import { useLeadMoveNotice } from './lead-move-notice.js';
import { useOpportunityStages } from './opportunity-fields.js';
import { NewOpportunityPanel } from './opportunity-form.js';
import { OpportunityTable, useCanWriteOpportunities } from './opportunity-table.js';

const STATUSES = [
  { value: '', label: 'Open, won and lost' },
  { value: 'open', label: 'Open' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
] as const;

const isStatus = (s: string): s is 'open' | 'won' | 'lost' => s === 'open' || s === 'won' || s === 'lost';

export function OpportunityListPage() {
  usePageTitle('Opportunities');
  const { params, setParam, clear } = useUrlFilters();
  const status = params.get('status') ?? '';
  const stage = params.get('stage') ?? '';
  const owner = params.get('owner') ?? '';
  const source = params.get('source') ?? '';
  const from = params.get('closeFrom') ?? '';
  const to = params.get('closeTo') ?? '';
  const filter: OpportunityFilter = {
    ...(isStatus(status) ? { status } : {}),
    ...(stage ? { stage } : {}),
    ...(owner ? { ownerId: owner } : {}),
    ...(source ? { source } : {}),
    ...(from ? { closeFrom: from } : {}),
    ...(to ? { closeTo: to } : {}),
  };
  const hasFilter = Object.keys(filter).length > 0;
  const list = useOpportunityList(filter);
  const stages = useOpportunityStages();
  const canCreate = useCanWriteOpportunities();
  const [isCreating, setCreating] = useState(false);
  const { notice, onSaved } = useLeadMoveNotice();
  const opportunities = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Opportunities"
        subtitle="Deals in the pipeline, from the CRM and the API, newest first."
        actions={
          canCreate &&
          !isCreating && (
            <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              New opportunity
            </button>
          )
        }
      />
      {notice}
      {isCreating && (
        <NewOpportunityPanel
          onCancel={() => setCreating(false)}
          onCreated={(saved) => {
            setCreating(false);
            onSaved(saved);
          }}
        />
      )}
      <div className="toolbar" role="search">
        <SelectFilter
          id="status-filter"
          label="Status"
          value={status}
          options={STATUSES}
          onChange={(v) => setParam('status', v)}
        />
        <SelectFilter
          id="opportunity-stage-filter"
          label="Stage"
          value={stage}
          options={[
            { value: '', label: 'All stages' },
            ...stages.map((s) => ({ value: s.name, label: s.name })),
          ]}
          onChange={(v) => setParam('stage', v)}
        />
        <OwnerFilter id="opportunity-owner-filter" value={owner} onChange={(v) => setParam('owner', v)} />
        <TextFilter
          id="opportunity-source-filter"
          label="Source"
          value={source}
          onChange={(v) => setParam('source', v)}
        />
        <DateRangeFilter
          id="close"
          label="Closing"
          from={from}
          to={to}
          onFrom={(v) => setParam('closeFrom', v)}
          onTo={(v) => setParam('closeTo', v)}
        />
        <ListToolbarEnd list={list} hasFilter={hasFilter} onClear={clear} />
      </div>

      <PagedListBody
        list={list}
        shown={opportunities.length}
        noun={{ one: 'opportunity', many: 'opportunities' }}
        errorTitle="Could not load opportunities"
        loading={<LoadingBlock label="Loading opportunities…" />}
        hasFilter={hasFilter}
        emptyFiltered={<NoMatch title="No opportunities match these filters" />}
        empty={
          <EmptyState icon="deal" title="No opportunities yet">
            Opportunities arrive with CRM status changes that carry an amount, and through the API.
          </EmptyState>
        }
      >
        <OpportunityTable opportunities={opportunities} isStale={list.isPlaceholderData} onSaved={onSaved} />
      </PagedListBody>
    </div>
  );
}
