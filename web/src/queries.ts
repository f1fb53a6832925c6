// Data hooks per resource (TanStack Query): cache keys in one place so mutations know what to refresh.
import {
  QueryClient,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type AccountFilter, type LeadFilter, type OpportunityFilter, api, isApiError } from './api.js';

const MINUTE = 60_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again; a network blip or a 5xx might.
        retry: (count, err) => count < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
      },
    },
  });
}

export const keys = {
  session: ['session'] as const,
  leads: (filter: LeadFilter) => ['leads', 'list', filter] as const,
  lead: (id: string) => ['leads', 'one', id] as const,
  accounts: (filter: AccountFilter) => ['accounts', 'list', filter] as const,
  account: (id: string) => ['accounts', 'one', id] as const,
  opportunities: (filter: OpportunityFilter) => ['opportunities', 'list', filter] as const,
  leadEvents: (id: string) => ['leads', 'one', id, 'events'] as const,
  leadTransitions: (id: string) => ['leads', 'one', id, 'transitions'] as const,
  leadHandoff: (id: string) => ['leads', 'one', id, 'handoff'] as const,
  inbox: ['inbox'] as const,
  teamView: ['team-view'] as const,
  report: (name: string, query: Record<string, unknown>) => ['reports', name, query] as const,
  marketingCommitment: (period: string | null) => ['commitments', 'marketing', period] as const,
  agreement: ['agreement'] as const,
  teams: ['teams'] as const,
  outOfOffice: ['out-of-office'] as const,
  notifications: ['notifications'] as const,
  webhooks: ['webhooks'] as const,
  webhookDeliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  members: ['members'] as const,
  apiKeys: ['api-keys'] as const,
  meta: ['meta'] as const,
};

export function useLeadList(filter: LeadFilter) {
  return useInfiniteQuery({
    queryKey: keys.leads(filter),
    queryFn: ({ pageParam, signal }) => api.leads.list(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string) {
  return useQuery({
    queryKey: keys.lead(id),
    queryFn: ({ signal }) => api.leads.read(id, signal),
    // While events wait to be scored, look again shortly: the score and stage are about to change.
    refetchInterval: (query) => ((query.state.data?.eventsWaiting ?? 0) > 0 ? 1000 : false),
  });
}

export function useAccountList(filter: AccountFilter) {
  return useInfiniteQuery({
    queryKey: keys.accounts(filter),
    queryFn: ({ pageParam, signal }) => api.accounts.list(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string | null) {
  return useQuery({
    queryKey: keys.account(id ?? ''),
    queryFn: ({ signal }) => api.accounts.read(id ?? '', signal),
    enabled: id !== null,
  });
}

export function useOpportunityList(filter: OpportunityFilter) {
  return useInfiniteQuery({
    queryKey: keys.opportunities(filter),
    queryFn: ({ pageParam, signal }) => api.opportunities.list(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Workspace members; also the lookup for owner names (cached for a few minutes). */
export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    queryFn: ({ signal }) => api.users.list(signal).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: keys.apiKeys,
    queryFn: ({ signal }) => api.apiKeys.list(signal).then((r) => r.data),
  });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.apiKeys.create,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.apiKeys.revoke,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

/** Whether the sign-in page may offer the demo workspace. */
export function useMeta() {
  return useQuery({
    queryKey: keys.meta,
    queryFn: ({ signal }) => api.meta.read(signal),
    staleTime: Infinity,
  });
}

export function useLeadEvents(id: string) {
  return useInfiniteQuery({
    queryKey: keys.leadEvents(id),
    queryFn: ({ pageParam, signal }) => api.leads.events(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useLeadTransitions(id: string) {
  return useQuery({
    queryKey: keys.leadTransitions(id),
    queryFn: ({ signal }) => api.leads.transitions(id, signal).then((r) => r.data),
  });
}

export function useLeadHandoff(id: string) {
  return useQuery({ queryKey: keys.leadHandoff(id), queryFn: ({ signal }) => api.leads.handoff(id, signal) });
}

/** After anything that changes a lead's stage or owner: the lead, its history and every list showing it. */
function refreshLead(client: ReturnType<typeof useQueryClient>, id: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.lead(id) }),
    client.invalidateQueries({ queryKey: ['leads', 'list'] }),
    client.invalidateQueries({ queryKey: keys.inbox }),
    client.invalidateQueries({ queryKey: keys.teamView }),
    client.invalidateQueries({ queryKey: ['commitments'] }),
  ]);
}

export function useMoveStage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Parameters<typeof api.leads.moveStage>[1]) => api.leads.moveStage(id, input),
    onSuccess: () => refreshLead(client, id),
  });
}

export function useAcceptLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note?: string }) => api.leads.accept(input.id, input.note),
    onSuccess: (_t, input) => refreshLead(client, input.id),
  });
}

export function useRejectLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string } & Parameters<typeof api.leads.reject>[1]) =>
      api.leads.reject(input.id, { reason: input.reason, ...(input.note ? { note: input.note } : {}) }),
    onSuccess: (_t, input) => refreshLead(client, input.id),
  });
}

export function useLogTouch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string } & Parameters<typeof api.leads.logTouch>[1]) =>
      api.leads.logTouch(input.id, { kind: input.kind, ...(input.note ? { note: input.note } : {}) }),
    onSuccess: (_r, input) => refreshLead(client, input.id),
  });
}

export function useAssignLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string } & Parameters<typeof api.leads.assign>[1]) =>
      api.leads.assign(input.id, { ownerId: input.ownerId, reason: input.reason }),
    onSuccess: (_r, input) => refreshLead(client, input.id),
  });
}

/** My open leads, most urgent first; refetched every half minute so the SLA clocks stay true. */
export function useInbox() {
  return useQuery({
    queryKey: keys.inbox,
    queryFn: ({ signal }) => api.inbox.list(signal).then((r) => r.data),
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}

export function useTeamView() {
  return useQuery({
    queryKey: keys.teamView,
    queryFn: ({ signal }) => api.teamView.read(signal),
    refetchInterval: 60_000,
  });
}

export function useMarketingCommitment(period: string | null) {
  return useQuery({
    queryKey: keys.marketingCommitment(period),
    queryFn: ({ signal }) => api.commitments.marketing(period, signal),
    placeholderData: keepPreviousData,
  });
}

/** The agreement in force (and the draft); changes rarely, so it is kept for a few minutes. */
export function useAgreement() {
  return useQuery({
    queryKey: keys.agreement,
    queryFn: ({ signal }) => api.agreement.read(signal),
    staleTime: 5 * MINUTE,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: keys.teams,
    queryFn: ({ signal }) => api.teams.list(signal).then((r) => r.data),
  });
}

export function useSetTeamMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { teamId: string; userId: string } & Parameters<typeof api.teams.setMember>[2]) =>
      api.teams.setMember(input.teamId, input.userId, {
        weight: input.weight,
        capacity: input.capacity,
        active: input.active,
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.teams }),
        client.invalidateQueries({ queryKey: keys.teamView }),
      ]),
  });
}

export function useRemoveTeamMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { teamId: string; userId: string }) =>
      api.teams.removeMember(input.teamId, input.userId),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.teams }),
        client.invalidateQueries({ queryKey: keys.teamView }),
      ]),
  });
}

export function useOutOfOffice() {
  return useQuery({
    queryKey: keys.outOfOffice,
    queryFn: ({ signal }) => api.outOfOffice.list(signal).then((r) => r.data),
  });
}

export function useAddOutOfOffice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.outOfOffice.add,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.outOfOffice }),
        client.invalidateQueries({ queryKey: keys.teamView }),
      ]),
  });
}

export function useRemoveOutOfOffice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.outOfOffice.remove,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.outOfOffice }),
        client.invalidateQueries({ queryKey: keys.teamView }),
      ]),
  });
}

/** The signed-in person's notifications, polled every 30 s for the bell's count. */
export function useNotifications() {
  return useQuery({
    queryKey: keys.notifications,
    queryFn: ({ signal }) => api.notifications.list(signal),
    refetchInterval: 30_000,
    staleTime: 15_000,
  });
}

export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.notifications.markRead,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.notifications.markAllRead,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: keys.webhooks,
    queryFn: ({ signal }) => api.webhooks.list(signal).then((r) => r.data),
  });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.webhooks.create,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

export function useUpdateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string } & Parameters<typeof api.webhooks.update>[1]) => {
      const { id, ...change } = input;
      return api.webhooks.update(id, change);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

export function useRemoveWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.webhooks.remove,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

export function useWebhookDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: keys.webhookDeliveries(id),
    queryFn: ({ pageParam, signal }) => api.webhooks.deliveries(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
}

export function useSendTestWebhook(subscriptionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.webhooks.sendTest(subscriptionId),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.webhookDeliveries(subscriptionId) }),
  });
}

export function useRedeliver(subscriptionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.webhooks.redeliver,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.webhookDeliveries(subscriptionId) }),
  });
}

/** The funnel conversion report for these filters (kept while the next filters load). */
export function useFunnelReport(query: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: keys.report('funnel', query),
    queryFn: ({ signal }) => api.reports.funnel(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useVelocityReport(query: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: keys.report('velocity', query),
    queryFn: ({ signal }) => api.reports.velocity(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useQualityReport(query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: keys.report('quality', query),
    queryFn: ({ signal }) => api.reports.quality(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePipelineReport(query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: keys.report('pipeline', query),
    queryFn: ({ signal }) => api.reports.pipeline(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSlaReport(query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: keys.report('sla', query),
    queryFn: ({ signal }) => api.reports.sla(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useInfluenceReport(query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: keys.report('influence', query),
    queryFn: ({ signal }) => api.reports.influence(query, signal),
    placeholderData: keepPreviousData,
  });
}
