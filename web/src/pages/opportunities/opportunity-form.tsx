// "New opportunity": the account (or a lead, whose account it then takes), name, amount in its
// currency, stage, probability (the stage's default unless given), close date, owner, source and the
// CRM's id. Opened from the list page, or from a lead's or account's page with those filled in.
import { useState } from 'react';
import type { OpportunityCreate } from '../../api.js';
import { ApiForm, Field, SubmitButton, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { leadName } from '../../format.js';
import { useAccountList, useLeadList } from '../../queries.js';
import {
  DealTermsFields,
  type DealTerms,
  TERM_FIELDS,
  numberOf,
  useOpportunityStages,
} from './opportunity-fields.js';
import { type Saved, useCreateOpportunity } from './opportunity-mutations.js';

/** What the page already knows: the lead's or the account's page fills these in and hides them. */
export interface KnownParties {
  accountId?: string;
  leadId?: string;
}

const FIELDS = [
  ...TERM_FIELDS,
  'accountId',
  'leadId',
  'name',
  'currency',
  'source',
  'externalId',
  'externalSystem',
] as const;

/** A search box and the records matching it, as one choice. */
function RecordPicker({
  id,
  label,
  error,
  value,
  onChange,
  options,
  search,
  onSearch,
  none,
}: {
  id: string;
  label: string;
  error?: string;
  value: string;
  onChange: (id: string) => void;
  options: { id: string; label: string }[];
  search: string;
  onSearch: (q: string) => void;
  /** The empty choice's words: "Choose an account…", "No lead". */
  none: string;
}) {
  return (
    <Field id={id} label={label} error={error} className="field--grow">
      <div className="record-picker">
        <input
          className="input"
          type="search"
          aria-label={`Search ${label.toLowerCase()}`}
          placeholder="Search…"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
        <select
          className="select"
          {...controlProps(id, error)}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{none}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

export function NewOpportunityForm({
  known = {},
  onCreated,
  onCancel,
}: {
  known?: KnownParties;
  onCreated: (saved: Saved) => void;
  onCancel: () => void;
}) {
  const stages = useOpportunityStages();
  const [accountId, setAccountId] = useState(known.accountId ?? '');
  const [leadId, setLeadId] = useState(known.leadId ?? '');
  const [accountSearch, setAccountSearch] = useState('');
  const [leadSearch, setLeadSearch] = useState('');
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [source, setSource] = useState('');
  const [externalId, setExternalId] = useState('');
  const [externalSystem, setExternalSystem] = useState<'salesforce' | 'hubspot' | 'other'>('other');
  const [terms, setTerms] = useState<DealTerms>({
    stage: '',
    amount: '',
    probability: '',
    closeDate: '',
    ownerId: '',
  });
  const stage = terms.stage || (stages.find((s) => s.outcome === 'open')?.name ?? '');
  const accounts = useAccountList(accountSearch ? { q: accountSearch } : {});
  const leads = useLeadList({
    ...(leadSearch ? { q: leadSearch } : {}),
    ...(accountId ? { accountId } : {}),
  });
  const create = useCreateOpportunity();
  const error = fieldErrorsOf(create.error);

  function submit() {
    const input: OpportunityCreate = {
      name: name.trim(),
      amount: numberOf(terms.amount),
      currency: currency.trim().toUpperCase(),
      stage,
      ...(accountId ? { accountId } : {}),
      ...(leadId ? { leadId } : {}),
      ...(terms.probability !== '' ? { probability: numberOf(terms.probability) / 100 } : {}),
      ...(terms.closeDate ? { closeDate: terms.closeDate } : {}),
      ...(terms.ownerId ? { ownerId: terms.ownerId } : {}),
      ...(source.trim() ? { source: source.trim() } : {}),
      ...(externalId.trim() ? { externalId: externalId.trim(), externalSystem } : {}),
    };
    create.mutate(input, { onSuccess: onCreated });
  }

  return (
    <ApiForm label="New opportunity" onSubmit={submit} error={create.error} fields={FIELDS}>
      <div className="form__row">
        {known.accountId === undefined && (
          <RecordPicker
            id="new-opportunity-account"
            label="Account"
            error={error('accountId')}
            value={accountId}
            onChange={setAccountId}
            search={accountSearch}
            onSearch={setAccountSearch}
            none={leadId ? "The lead's account" : 'Choose an account…'}
            options={(accounts.data?.pages[0]?.data ?? []).map((a) => ({ id: a.id, label: a.name }))}
          />
        )}
        {known.leadId === undefined && (
          <RecordPicker
            id="new-opportunity-lead"
            label="Lead"
            error={error('leadId')}
            value={leadId}
            onChange={setLeadId}
            search={leadSearch}
            onSearch={setLeadSearch}
            none="No lead"
            options={(leads.data?.pages[0]?.data ?? []).map((l) => ({ id: l.id, label: leadName(l) }))}
          />
        )}
      </div>
      <div className="form__row">
        <Field id="new-opportunity-name" label="Name" error={error('name')} className="field--grow">
          <input
            className="input"
            {...controlProps('new-opportunity-name', error('name'))}
            placeholder="e.g. Globex — annual licence"
            maxLength={300}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="new-opportunity-currency" label="Currency" error={error('currency')}>
          <input
            className="input"
            {...controlProps('new-opportunity-currency', error('currency'))}
            maxLength={3}
            size={4}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
          />
        </Field>
      </div>
      <div className="form__row">
        <DealTermsFields
          idPrefix="new-opportunity"
          terms={{ ...terms, stage }}
          onChange={setTerms}
          error={error}
        />
      </div>
      <div className="form__row">
        <Field id="new-opportunity-source" label="Source" error={error('source')}>
          <input
            className="input"
            {...controlProps('new-opportunity-source', error('source'))}
            placeholder="e.g. webinar"
            maxLength={200}
            value={source}
            onChange={(e) => setSource(e.target.value)}
          />
        </Field>
        <Field id="new-opportunity-crm-id" label="CRM id" error={error('externalId')}>
          <input
            className="input"
            {...controlProps('new-opportunity-crm-id', error('externalId'))}
            maxLength={200}
            value={externalId}
            onChange={(e) => setExternalId(e.target.value)}
          />
        </Field>
        <Field id="new-opportunity-crm" label="CRM" error={error('externalSystem')}>
          <select
            className="select"
            {...controlProps('new-opportunity-crm', error('externalSystem'))}
            value={externalSystem}
            onChange={(e) => setExternalSystem(e.target.value as typeof externalSystem)}
          >
            <option value="salesforce">Salesforce</option>
            <option value="hubspot">HubSpot</option>
            <option value="other">Other</option>
          </select>
        </Field>
        <div className="form__actions">
          <SubmitButton label="Create opportunity" pendingLabel="Creating…" isPending={create.isPending} />
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </ApiForm>
  );
}

/** The form in its panel. */
export function NewOpportunityPanel(props: Parameters<typeof NewOpportunityForm>[0]) {
  return (
    <Panel title="New opportunity" id="new-opportunity">
      <NewOpportunityForm {...props} />
    </Panel>
  );
}
