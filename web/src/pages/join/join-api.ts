// The public pages' calls: an invitation's preview and acceptance, forgot password, a reset link.
// Link tokens go in the body, never in an API URL.
import { type Role, type Session, request } from '../../api.js';

export interface InvitationPreview {
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: string;
  workspace: { slug: string; name: string };
}

export interface ResetPreview {
  email: string;
  expiresAt: string;
  workspace: { slug: string; name: string };
}

export const joinApi = {
  previewInvitation: (token: string) =>
    request<InvitationPreview>('POST', '/invitations/preview', { body: { token } }),
  acceptInvitation: (input: { token: string; name: string; password: string; timeZone?: string }) =>
    request<Session>('POST', '/invitations/accept', { body: input }),
  forgotPassword: (input: { workspace: string; email: string }) =>
    request<{ delivery: 'email' | 'admin' }>('POST', '/password-resets', { body: input }),
  previewReset: (token: string) =>
    request<ResetPreview>('POST', '/password-resets/preview', { body: { token } }),
  resetPassword: (input: { token: string; password: string }) =>
    request<{ email: string; workspace: { slug: string; name: string } }>(
      'POST',
      '/password-resets/complete',
      {
        body: input,
      },
    ),
};

/** What to say about a link the server refused: expired, used, revoked or unknown. */
export function linkProblem(code: string): { title: string; detail: string } {
  switch (code) {
    case 'link_expired':
      return { title: 'This link has expired', detail: 'Ask for a new one.' };
    case 'link_used':
      return { title: 'This link was already used', detail: 'Sign in, or ask for a new link.' };
    case 'link_revoked':
      return { title: 'This link was revoked', detail: 'Ask for a new one.' };
    default:
      return { title: 'This link is not valid', detail: 'Check that it was copied whole.' };
  }
}
