// Admin's member management: invitations (invite, list, resend, revoke), deactivate and
// reactivate a member, issue a password-reset link. Role changes go through PATCH /api/v1/users/{id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { linkState } from '../../domain/members.js';
import { ROLES } from '../../domain/roles.js';
import type { Invitation } from '../../store/invitations.js';
import type { Deps } from '../../services/deps.js';
import {
  inviteMember,
  pendingInvitations,
  resendInvitation,
  revokeInvitation,
} from '../../services/invitations.js';
import { changeMember } from '../../services/members.js';
import { issuePasswordReset } from '../../services/password-reset.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';
import { userDto, userSchema } from './users.js';

export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    invitedBy: z.string(),
    createdAt: timestamp,
    sentAt: timestamp,
    expiresAt: timestamp,
    /** `expired` ones can be resent (a new link) or revoked. */
    status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  })
  .meta({ id: 'Invitation' });

const issuedSchema = z
  .object({
    invitation: invitationSchema,
    url: z.string().describe('The link to open; shown only now (only its hash is stored)'),
    emailed: z.boolean(),
    emailError: z.string().nullable(),
  })
  .meta({ id: 'IssuedInvitation' });

function invitationDto(i: Invitation, now: Date): z.infer<typeof invitationSchema> {
  const state = linkState({ expiresAt: i.expiresAt, usedAt: i.acceptedAt, revokedAt: i.revokedAt }, now);
  const status = ({ valid: 'pending', expired: 'expired', used: 'accepted', revoked: 'revoked' } as const)[
    state
  ];
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedByLabel,
    createdAt: i.createdAt,
    sentAt: i.sentAt,
    expiresAt: i.expiresAt,
    status,
  };
}

/** Where links point: PUBLIC_URL when set, else the origin this request came to. */
export function baseUrlOf(publicUrl: string | null, request: FastifyRequest): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

const inviteBody = z
  .object({
    email: z.email({ message: 'must be an e-mail address' }).max(320),
    role: z.enum(ROLES),
  })
  .strict();

export function memberRoutes(deps: Deps, opts: { publicUrl: string | null }) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const base = (request: FastifyRequest) => baseUrlOf(opts.publicUrl, request);

    r.get(
      '/api/v1/invitations',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Open invitations (pending and expired), newest first',
          response: { 200: z.object({ data: z.array(invitationSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const now = deps.clock();
        return { data: (await pendingInvitations(deps, p.workspaceId)).map((i) => invitationDto(i, now)) };
      },
    );

    r.post(
      '/api/v1/invitations',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Invite a person by e-mail with a role (e-mailed when SMTP is configured)',
          body: inviteBody,
          response: { 201: issuedSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const issued = await inviteMember(deps, auditActorOf(p), p.workspaceId, request.body, base(request));
        return reply
          .code(201)
          .send({ ...issued, invitation: invitationDto(issued.invitation, deps.clock()) });
      },
    );

    r.post(
      '/api/v1/invitations/:id/resend',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'A new link for an open invitation (the old link stops working), e-mailed again',
          params: idParams,
          response: { 200: issuedSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const issued = await resendInvitation(
          deps,
          auditActorOf(p),
          p.workspaceId,
          request.params.id,
          base(request),
        );
        return { ...issued, invitation: invitationDto(issued.invitation, deps.clock()) };
      },
    );

    r.delete(
      '/api/v1/invitations/:id',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Revoke an invitation: its link stops working',
          params: idParams,
          response: { 200: invitationSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const revoked = await revokeInvitation(deps, auditActorOf(p), p.workspaceId, request.params.id);
        return invitationDto(revoked, deps.clock());
      },
    );

    r.post(
      '/api/v1/users/:id/deactivate',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary:
            'Deactivate a member: their sessions and keys stop at once, their open leads are routed again',
          params: idParams,
          response: {
            200: z.object({ user: userSchema, sessionsEnded: z.number(), leadsRerouted: z.number() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const changed = await changeMember(deps, auditActorOf(p), p.workspaceId, request.params.id, {
          disabled: true,
        });
        if (!changed) throw notFound('User');
        return { ...changed, user: userDto(changed.user) };
      },
    );

    r.post(
      '/api/v1/users/:id/reactivate',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary:
            'Reactivate a member: they can sign in and their keys work again (their leads stay routed)',
          params: idParams,
          response: { 200: userSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const changed = await changeMember(deps, auditActorOf(p), p.workspaceId, request.params.id, {
          disabled: false,
        });
        if (!changed) throw notFound('User');
        return userDto(changed.user);
      },
    );

    r.post(
      '/api/v1/users/:id/password-reset',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Issue a password-reset link for a member, to copy (e-mailed too when SMTP is configured)',
          params: idParams,
          response: {
            200: z
              .object({
                url: z.string().describe('The link to open; shown only now (only its hash is stored)'),
                expiresAt: timestamp,
                emailed: z.boolean(),
                emailError: z.string().nullable(),
              })
              .meta({ id: 'IssuedPasswordReset' }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const issued = await issuePasswordReset(
          deps,
          auditActorOf(p),
          p.workspaceId,
          request.params.id,
          base(request),
        );
        return issued;
      },
    );
  };
}
