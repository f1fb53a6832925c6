// Your own account (/api/v1/me), and the public pages' endpoints: accepting an invitation,
// "forgot password" and using a reset link. The public ones are `auth: 'public'` like sign-in;
// link tokens travel in the body, never in a URL a log keeps.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import type { Deps } from '../../services/deps.js';
import { acceptInvitation, previewInvitation } from '../../services/invitations.js';
import { changeOwnPassword, updateOwnAccount } from '../../services/own-account.js';
import { previewPasswordReset, requestPasswordReset, resetPassword } from '../../services/password-reset.js';
import type { Principal } from '../../services/principal.js';
import type { SignInLimiter } from '../../store/sign-in-limits.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';
import { baseUrlOf } from './members.js';
import { describeSession, sessionSchema, setSessionCookie } from './session.js';
import { timeZone, userDto, userSchema } from './users.js';

const token = z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'is not a valid link');
// Length and strength are the password rule's (src/domain/password-policy.ts), checked in the service.
const password = z.string().max(1000);
const name = z.string().trim().min(1, 'must not be empty').max(200);
const workspaceRef = z.object({ slug: z.string(), name: z.string() }).meta({ id: 'WorkspaceRef' });

/** Only a person has an account; an API key calling /me is told so. */
function person(p: Principal): Principal & { kind: 'user' } {
  if (p.kind !== 'user')
    throw new AppError('unauthenticated', 'Your account is for a signed-in person; sign in.');
  return p;
}

export function accountRoutes(
  deps: Deps,
  opts: { ttlMs: number; secureCookies: boolean; signInLimiter: SignInLimiter; publicUrl: string | null },
) {
  const limited = { ...deps, signInLimiter: opts.signInLimiter };
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.patch(
      '/api/v1/me',
      {
        schema: {
          tags: ['session'],
          summary: 'Change your own name or time zone',
          body: z.object({ name, timeZone }).partial().strict(),
          response: { 200: userSchema, ...problems(400, 401, 403) },
        },
      },
      async (request) => userDto(await updateOwnAccount(deps, person(principal(request)), request.body)),
    );

    r.post(
      '/api/v1/me/password',
      {
        schema: {
          tags: ['session'],
          summary: 'Change your own password (the current one required); your other sessions end',
          body: z
            .object({ currentPassword: z.string().min(1, 'must not be empty').max(1000), password })
            .strict(),
          response: { 200: z.object({ sessionsEnded: z.number() }), ...problems(400, 401, 403, 429) },
        },
      },
      async (request) =>
        changeOwnPassword(limited, person(principal(request)), request.body, { ip: request.ip }),
    );

    r.post(
      '/api/v1/invitations/preview',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary: 'What an invitation link is for: the workspace, the address and the role',
          body: z.object({ token }).strict(),
          response: {
            200: z
              .object({
                email: z.string(),
                role: z.enum(ROLES),
                invitedBy: z.string(),
                expiresAt: timestamp,
                workspace: workspaceRef,
              })
              .meta({ id: 'InvitationPreview' }),
            ...problems(400, 404, 410),
          },
        },
      },
      async (request) => {
        const { invitation: i, workspace } = await previewInvitation(deps, request.body.token);
        return {
          email: i.email,
          role: i.role,
          invitedBy: i.invitedByLabel,
          expiresAt: i.expiresAt,
          workspace,
        };
      },
    );

    r.post(
      '/api/v1/invitations/accept',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Accept an invitation: choose your name and password; you are signed in',
          body: z.object({ token, name, password, timeZone: timeZone.optional() }).strict(),
          response: { 200: sessionSchema, ...problems(400, 404, 409, 410) },
        },
      },
      async (request, reply) => {
        const { token: t, ...input } = request.body;
        const started = await acceptInvitation(deps, t, input, opts.ttlMs);
        setSessionCookie(reply, started, opts.secureCookies);
        const p = started.principal;
        return describeSession(deps, p.workspaceId, p.userId, p.csrfToken);
      },
    );

    r.post(
      '/api/v1/password-resets',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary:
            'Forgot password: e-mails a reset link when SMTP is configured (the same answer whether or not the address is a member)',
          body: z
            .object({
              workspace: z.string().trim().min(1, 'must not be empty').max(100),
              email: z.string().trim().min(1, 'must not be empty').max(320),
            })
            .strict(),
          response: {
            202: z.object({
              delivery: z
                .enum(['email', 'admin'])
                .describe(
                  'email: a link is on its way if the address is a member; admin: ask an admin for one',
                ),
            }),
            ...problems(400, 429),
          },
        },
      },
      async (request, reply) => {
        const answer = await requestPasswordReset(
          limited,
          request.body,
          { ip: request.ip },
          baseUrlOf(opts.publicUrl, request),
        );
        return reply.code(202).send(answer);
      },
    );

    r.post(
      '/api/v1/password-resets/preview',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Whose password a reset link sets, and until when it works',
          body: z.object({ token }).strict(),
          response: {
            200: z
              .object({ email: z.string(), expiresAt: timestamp, workspace: workspaceRef })
              .meta({ id: 'PasswordResetPreview' }),
            ...problems(400, 404, 410),
          },
        },
      },
      async (request) => {
        const preview = await previewPasswordReset(deps, request.body.token);
        return preview;
      },
    );

    r.post(
      '/api/v1/password-resets/complete',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Use a reset link: sets the new password and ends every session of the member',
          body: z.object({ token, password }).strict(),
          response: {
            200: z.object({ email: z.string(), workspace: workspaceRef, sessionsEnded: z.number() }),
            ...problems(400, 404, 410),
          },
        },
      },
      async (request) => resetPassword(deps, request.body.token, request.body.password),
    );
  };
}
