// The terms of a deal as form fields, shared by "New opportunity" and a row's edit: stage, amount,
// probability (empty: the stage's default, shown as the placeholder), close date and owner. Each
// field shows the API's message for it.
import { useMemo } from 'react';
import type { Opportunity } from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { formatPercent } from '../../format.js';
import { useAgreement, useMembers } from '../../queries.js';
import type { OpportunityStage } from '../../../../src/domain/agreement.js';
import { opportunityStagesOf } from '../../../../src/domain/opportunities.js';

/** What the terms' inputs hold, as typed: numbers as text, the probability in percent. */
export const TERM_FIELDS = ['stage', 'amount', 'probability', 'closeDate', 'ownerId'] as const;

/** The terms as the form holds them: text as typed (the probability in percent; empty: the stage's default). */
export type DealTerms = Record<(typeof TERM_FIELDS)[number], string>;

/** The agreement's opportunity stages (the defaults when it names none). */
export function useOpportunityStages(): readonly OpportunityStage[] {
  const agreement = useAgreement();
  return useMemo(
    () => (agreement.data ? opportunityStagesOf(agreement.data.active.document) : []),
    [agreement.data],
  );
}

/** An opportunity's terms as the form shows them. */
export function termsOf(o: Opportunity): DealTerms {
  return {
    stage: o.stage,
    amount: String(o.amount),
    probability: o.isProbabilitySet ? String(Math.round(o.probability * 1000) / 10) : '',
    closeDate: o.closeDate ?? '',
    ownerId: o.ownerId ?? '',
  };
}

/** A number as typed; NaN when it is not one, so the API names the field rather than the form guessing. */
export const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The API checks a probability as a share (0 to 1); the form asks for percent. */
const inPercent = (message: string | undefined) => message?.replace('between 0 and 1', 'between 0% and 100%');

export function DealTermsFields({
  idPrefix,
  terms,
  onChange,
  error,
}: {
  /** The inputs' ids are `<idPrefix>-stage`, `<idPrefix>-amount`, … */
  idPrefix: string;
  terms: DealTerms;
  onChange: (terms: DealTerms) => void;
  error: (field: string) => string | undefined;
}) {
  const stages = useOpportunityStages();
  const members = useMembers();
  const stage = stages.find((s) => s.name === terms.stage);
  const set = (key: keyof DealTerms) => (e: { target: { value: string } }) =>
    onChange({ ...terms, [key]: e.target.value });
  const id = (key: string) => `${idPrefix}-${key}`;
  const probabilityError = inPercent(error('probability'));
  const probabilityHint = stage ? `${stage.name}'s default: ${formatPercent(stage.probability)}` : undefined;
  return (
    <>
      <Field id={id('stage')} label="Stage" error={error('stage')}>
        <select
          className="select"
          {...controlProps(id('stage'), error('stage'))}
          value={terms.stage}
          onChange={set('stage')}
        >
          {stages.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('amount')} label="Amount" error={error('amount')}>
        <input
          className="input"
          type="number"
          min={0}
          step="any"
          {...controlProps(id('amount'), error('amount'))}
          value={terms.amount}
          onChange={set('amount')}
        />
      </Field>
      <Field id={id('probability')} label="Probability, %" error={probabilityError} hint={probabilityHint}>
        <input
          className="input"
          type="number"
          min={0}
          max={100}
          step="any"
          placeholder={stage ? String(Math.round(stage.probability * 1000) / 10) : ''}
          {...controlProps(id('probability'), probabilityError, probabilityHint)}
          value={terms.probability}
          onChange={set('probability')}
        />
      </Field>
      <Field id={id('closeDate')} label="Close date" error={error('closeDate')}>
        <input
          className="input"
          type="date"
          {...controlProps(id('closeDate'), error('closeDate'))}
          value={terms.closeDate}
          onChange={set('closeDate')}
        />
      </Field>
      <Field id={id('owner')} label="Owner" error={error('ownerId')}>
        <select
          className="select"
          {...controlProps(id('owner'), error('ownerId'))}
          value={terms.ownerId}
          onChange={set('ownerId')}
        >
          <option value="">Unassigned</option>
          {(members.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
