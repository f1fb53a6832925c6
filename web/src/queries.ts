// Data hooks per resource (TanStack Query): cache keys in one place so mutations know what to refresh.
import {
  QueryClient,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type AccountFilter, type LeadFilter, api, isApiError } from './api.js';

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
  members: ['members'] as const,
  apiKeys: ['api-keys'] as const,
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
  return useQuery({ queryKey: keys.lead(id), queryFn: ({ signal }) => api.leads.read(id, signal) });
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
