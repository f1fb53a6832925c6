// A row's edit, under the row: stage, amount, probability, close date and owner; only what changed is
// sent, and each field shows the API's message for it.
import { useState } from 'react';
import type { Opportunity, OpportunityUpdate } from '../../api.js';
import { ApiForm, SubmitButton, fieldErrorsOf } from '../../components/form.js';
import { DealTermsFields, type DealTerms, TERM_FIELDS, numberOf, termsOf } from './opportunity-fields.js';
import { type Saved, useUpdateOpportunity } from './opportunity-mutations.js';

/** The changed terms as the API takes them; a cleared probability goes back to the stage's default. */
function changesOf(before: DealTerms, after: DealTerms): OpportunityUpdate {
  const changed = (key: keyof DealTerms) => before[key] !== after[key];
  return {
    ...(changed('stage') ? { stage: after.stage } : {}),
    ...(changed('amount') ? { amount: numberOf(after.amount) } : {}),
    ...(changed('probability')
      ? { probability: after.probability === '' ? null : numberOf(after.probability) / 100 }
      : {}),
    ...(changed('closeDate') ? { closeDate: after.closeDate || null } : {}),
    ...(changed('ownerId') ? { ownerId: after.ownerId || null } : {}),
  };
}

export function OpportunityEdit({
  opportunity,
  onDone,
}: {
  opportunity: Opportunity;
  onDone: (saved: Saved | null) => void;
}) {
  const initial = termsOf(opportunity);
  const [terms, setTerms] = useState(initial);
  const update = useUpdateOpportunity(opportunity);
  const error = fieldErrorsOf(update.error);
  function submit() {
    const changes = changesOf(initial, terms);
    if (Object.keys(changes).length === 0) return onDone(null);
    update.mutate(changes, { onSuccess: onDone });
  }
  return (
    <ApiForm label={`Edit ${opportunity.name}`} onSubmit={submit} error={update.error} fields={TERM_FIELDS}>
      <div className="form__row">
        <DealTermsFields
          idPrefix={`edit-${opportunity.id}`}
          terms={terms}
          onChange={setTerms}
          error={error}
        />
        <div className="form__actions">
          <SubmitButton label="Save" pendingLabel="Saving…" isPending={update.isPending} />
          <button type="button" className="btn" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </div>
    </ApiForm>
  );
}
