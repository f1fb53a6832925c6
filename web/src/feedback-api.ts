// Notes and feedback both ways: the lead's conversation, comments, flags, disputes, and the
// workspace's reject reasons. Types are written here until the API's generated types cover them.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from './api.js';

export interface Who {
  type: string;
  id: string | null;
  name: string;
}

export interface RejectionDispute {
  id: string;
  leadId: string;
  status: 'open' | 'upheld' | 'reversed';
  rejectionTransitionId: number;
  rejectedFrom: string;
  rejectedTo: string;
  reasonCode: string;
  note: string;
  openedBy: Who;
  openedAt: string;
  resolvedBy: Who | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
  reversalTransitionId: number | null;
}

export interface ConversationItem {
  kind: 'touch' | 'comment' | 'flag' | 'dispute';
  id: string;
  at: string;
  by: Who;
  touchKind: string | null;
  text: string | null;
  mentions: { userId: string; name: string }[];
  dispute: RejectionDispute | null;
}

export interface PostedComment {
  id: string;
  at: string;
  body: string;
  author: Who;
  mentions: { userId: string; name: string; handle: string }[];
  unknownMentions: string[];
}

export interface WorkspaceRejectReason {
  code: string;
  label: string;
  to: 'nurture' | 'disqualified';
  recyclable: boolean;
  coolOffDays: number | null;
  noteRequired: boolean;
  isBuiltIn: boolean;
}

export type ReasonInput = {
  label?: string;
  to?: 'nurture' | 'disqualified';
  coolOffDays?: number | null;
  noteRequired?: boolean;
};

const leadPath = (id: string, sub: string) => `/leads/${encodeURIComponent(id)}/${sub}`;

export const feedbackApi = {
  conversation: (id: string, signal?: AbortSignal) =>
    request<{ data: ConversationItem[] }>('GET', leadPath(id, 'conversation'), { signal }),
  comment: (id: string, body: string) =>
    request<PostedComment>('POST', leadPath(id, 'comments'), { body: { body } }),
  flag: (id: string, note: string) =>
    request<{ id: string }>('POST', leadPath(id, 'flags'), { body: note.trim() ? { note } : {} }),
  dispute: (id: string, note: string) =>
    request<RejectionDispute>('POST', leadPath(id, 'disputes'), { body: { note } }),
  resolve: (disputeId: string, input: { decision: 'upheld' | 'reversed'; note?: string }) =>
    request<{ dispute: RejectionDispute }>('POST', `/disputes/${encodeURIComponent(disputeId)}/resolve`, {
      body: input,
    }),
  reasons: (signal?: AbortSignal) =>
    request<{ data: WorkspaceRejectReason[] }>('GET', '/reject-reasons', { signal }),
  addReason: (input: ReasonInput & { code: string; label: string; to: 'nurture' | 'disqualified' }) =>
    request<WorkspaceRejectReason>('POST', '/reject-reasons', { body: input }),
  changeReason: (code: string, input: ReasonInput) =>
    request<WorkspaceRejectReason>('PATCH', `/reject-reasons/${encodeURIComponent(code)}`, { body: input }),
  deleteReason: (code: string) => request<void>('DELETE', `/reject-reasons/${encodeURIComponent(code)}`),
};

export const feedbackKeys = {
  conversation: (id: string) => ['leads', 'one', id, 'conversation'] as const,
  reasons: ['reject-reasons'] as const,
};

export function useConversation(id: string) {
  return useQuery({
    queryKey: feedbackKeys.conversation(id),
    queryFn: ({ signal }) => feedbackApi.conversation(id, signal),
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
    mutationFn: (body: string) => feedbackApi.comment(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useFlag(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => feedbackApi.flag(id, note),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useDispute(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => feedbackApi.dispute(id, note),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.conversation(id) }),
  });
}

export function useResolveDispute(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { disputeId: string; decision: 'upheld' | 'reversed'; note: string }) =>
      feedbackApi.resolve(input.disputeId, {
        decision: input.decision,
        ...(input.note.trim() ? { note: input.note.trim() } : {}),
      }),
    onSuccess: () => refreshLead(client, leadId),
  });
}

export function useRejectReasons() {
  return useQuery({ queryKey: feedbackKeys.reasons, queryFn: ({ signal }) => feedbackApi.reasons(signal) });
}

export function useChangeReasons() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: feedbackKeys.reasons });
  return {
    add: useMutation({ mutationFn: feedbackApi.addReason, onSuccess: done }),
    change: useMutation({
      mutationFn: (input: { code: string } & ReasonInput) => {
        const { code, ...rest } = input;
        return feedbackApi.changeReason(code, rest);
      },
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: feedbackApi.deleteReason, onSuccess: done }),
  };
}
