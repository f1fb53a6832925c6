// Calls and hooks of Settings → Members and Settings → Your account (invitations, deactivation,
// reset links, your own password and time zone). Types are written here until the generated API
// types land.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Member, type Role, request } from '../../api.js';
import { keys } from '../../queries.js';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  sentAt: string;
  expiresAt: string;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
}

/** An invitation with its link: readable only in this answer (the server keeps a hash). */
export interface IssuedInvitation {
  invitation: Invitation;
  url: string;
  emailed: boolean;
  emailError: string | null;
}

export interface IssuedReset {
  url: string;
  expiresAt: string;
  emailed: boolean;
  emailError: string | null;
}

const INVITATIONS = ['invitations'] as const;
const enc = encodeURIComponent;

export const membersApi = {
  invitations: (signal?: AbortSignal) =>
    request<{ data: Invitation[] }>('GET', '/invitations', { signal }).then((r) => r.data),
  invite: (input: { email: string; role: Role }) =>
    request<IssuedInvitation>('POST', '/invitations', { body: input }),
  resend: (id: string) => request<IssuedInvitation>('POST', `/invitations/${enc(id)}/resend`),
  revoke: (id: string) => request<Invitation>('DELETE', `/invitations/${enc(id)}`),
  changeRole: (id: string, role: Role) => request<Member>('PATCH', `/users/${enc(id)}`, { body: { role } }),
  deactivate: (id: string) =>
    request<{ user: Member; sessionsEnded: number; leadsRerouted: number }>(
      'POST',
      `/users/${enc(id)}/deactivate`,
    ),
  reactivate: (id: string) => request<Member>('POST', `/users/${enc(id)}/reactivate`),
  issueReset: (id: string) => request<IssuedReset>('POST', `/users/${enc(id)}/password-reset`),
  updateMe: (input: { name?: string; timeZone?: string }) => request<Member>('PATCH', '/me', { body: input }),
  changeMyPassword: (input: { currentPassword: string; password: string }) =>
    request<{ sessionsEnded: number }>('POST', '/me/password', { body: input }),
};

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: INVITATIONS,
    queryFn: ({ signal }) => membersApi.invitations(signal),
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
