// Hooks of Settings → Members and Settings → Your account (invitations, deactivation, reset links,
// your own password and time zone); the calls are api.ts's `users`, `invitations` and `me`.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import { keys } from '../../queries.js';

const INVITATIONS = ['invitations'] as const;

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: INVITATIONS,
    queryFn: ({ signal }) => api.invitations.list(signal),
    enabled,
  });
}

/** A mutation that refreshes members and invitations once it succeeds. */
export function useMembersMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.members }),
        client.invalidateQueries({ queryKey: INVITATIONS }),
      ]);
    },
  });
}
