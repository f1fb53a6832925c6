// Data hooks for the first-run setup and the getting-started checklist.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type SetupInput, api } from '../../api.js';
import { keys } from '../../queries.js';

const setupKeys = {
  state: ['setup'] as const,
  gettingStarted: ['getting-started'] as const,
};

export function useSetupState() {
  return useQuery({
    queryKey: setupKeys.state,
    queryFn: ({ signal }) => api.setup.state(signal),
    staleTime: 0,
  });
}

/** Creates the workspace and signs its admin in; the session is then read afresh (with its CSRF token). */
export function useCompleteSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => api.setup.complete(input),
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] });
      await client.refetchQueries({ queryKey: keys.session });
    },
  });
}

export function useGettingStarted() {
  return useQuery({
    queryKey: setupKeys.gettingStarted,
    queryFn: ({ signal }) => api.setup.gettingStarted(signal),
    // Steps get done elsewhere (a first event arrives from a website): look again while some are open.
    refetchInterval: (query) => (query.state.data && !query.state.data.isComplete ? 5000 : false),
  });
}

/** On the agreement page, for an admin whose checklist still asks to review it: records that they have. */
export function useAgreementReviewed(isAdmin: boolean) {
  const client = useQueryClient();
  const sent = useRef(false);
  const checklist = useQuery({
    queryKey: setupKeys.gettingStarted,
    queryFn: ({ signal }) => api.setup.gettingStarted(signal),
    enabled: isAdmin,
  });
  const isReviewed = checklist.data?.steps.find((s) => s.id === 'review_agreement')?.isDone;
  useEffect(() => {
    if (!isAdmin || isReviewed !== false || sent.current) return;
    sent.current = true;
    void api.setup.agreementReviewed().then(
      (next) => client.setQueryData(setupKeys.gettingStarted, next),
      () => undefined,
    );
  }, [isAdmin, isReviewed, client]);
}
