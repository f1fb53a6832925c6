// Creating and changing an opportunity from the web app, and what it did to its lead: opening one
// moves the lead to opportunity, winning it to customer, losing it to lost (the server decides; the
// lead is read before and after so the page can say what moved).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Opportunity, type OpportunityCreate, type OpportunityUpdate, api } from '../../api.js';
import { leadName } from '../../format.js';

/** The lead's move an opportunity's save caused: its name and the stages before and after. */
export interface LeadMove {
  leadId: string;
  leadName: string;
  from: string;
  to: string;
}

export interface Saved {
  opportunity: Opportunity;
  /** Null when the opportunity has no lead or the lead stayed where it was. */
  leadMove: LeadMove | null;
}

async function stageOf(leadId: string | null | undefined) {
  return leadId ? api.leads.read(leadId) : null;
}

async function withLeadMove(leadId: string | null | undefined, save: () => Promise<Opportunity>) {
  const before = await stageOf(leadId);
  const opportunity = await save();
  const after = await stageOf(opportunity.leadId);
  const leadMove: LeadMove | null =
    after && before && after.id === before.id && after.stage !== before.stage
      ? { leadId: after.id, leadName: leadName(after), from: before.stage, to: after.stage }
      : null;
  return { opportunity, leadMove } satisfies Saved;
}

/** Everything an opportunity's save can change on screen: lists, its lead and account, the reports. */
function useInvalidateAfterSave() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [['opportunities'], ['leads'], ['accounts'], ['reports'], ['inbox'], ['team-view']].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
}

export function useCreateOpportunity() {
  const invalidate = useInvalidateAfterSave();
  return useMutation({
    mutationFn: (input: OpportunityCreate) =>
      withLeadMove(input.leadId, () => api.opportunities.create(input)),
    onSuccess: invalidate,
  });
}

export function useUpdateOpportunity(opportunity: Opportunity) {
  const invalidate = useInvalidateAfterSave();
  return useMutation({
    mutationFn: (input: OpportunityUpdate) =>
      withLeadMove(opportunity.leadId, () => api.opportunities.update(opportunity.id, input)),
    onSuccess: invalidate,
  });
}
