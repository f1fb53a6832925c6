// Hooks for notes and feedback both ways: the lead's conversation, comments, flags, disputes, and the
// workspace's reject reasons. The calls and their types are api.ts's (generated from the routes).
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { type DisputeDecision, type RejectReasonChange, api } from './api.js';

export const feedbackKeys = {
  conversation: (id: string) => ['leads', 'one', id, 'conversation'] as const,
  reasons: ['reject-reasons'] as const,
};

export function useConversation(id: string) {
  return useQuery({
    queryKey: feedbackKeys.conversation(id),
    queryFn: ({ signal }) => api.feedback.conversation(id, signal),
  });
}

/** The lead and everything hanging off it (stage, history, conversation) may have changed. */
const refreshLead = (client: QueryClient, id: string) =>
  Promise.all([
    client.invalidateQueries({ queryKey: ['leads', 'one', id] }),
    client.invalidateQueries({ queryKey: ['leads', 'list'] }),
    client.invalidateQueries({ queryKey: ['inbox'] }),
  ]);

export function useComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.feedback.comment(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useFlag(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.feedback.flag(id, note),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useDispute(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.feedback.dispute(id, note),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useResolveDispute(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { disputeId: string; decision: DisputeDecision; note: string }) =>
      api.feedback.resolve(input.disputeId, {
        decision: input.decision,
        ...(input.note.trim() ? { note: input.note.trim() } : {}),
      }),
    onSuccess: () => refreshLead(client, leadId),
  });
}

export function useRejectReasons() {
  return useQuery({
    queryKey: feedbackKeys.reasons,
    queryFn: ({ signal }) => api.rejectReasons.list(signal),
  });
}

export function useChangeReasons() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: feedbackKeys.reasons });
  return {
    add: useMutation({ mutationFn: api.rejectReasons.add, onSuccess: done }),
    change: useMutation({
      mutationFn: (input: { code: string } & RejectReasonChange) => {
        const { code, ...rest } = input;
        return api.rejectReasons.change(code, rest);
      },
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: api.rejectReasons.remove, onSuccess: done }),
  };
}
