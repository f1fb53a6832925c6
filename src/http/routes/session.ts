// /api/v1/session: sign in, who am I, sign out (the web UI's cookie session).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { getUser } from '../../store/users.js';
import { getWorkspace } from '../../store/workspaces.js';
import type { Deps } from '../../services/deps.js';
import { signIn, signOut } from '../../services/sessions.js';
import type { SignInLimiter } from '../../store/sign-in-limits.js';
import { AppError } from '../../domain/errors.js';
import { SESSION_COOKIE, principal } from '../auth.js';
import { isLoopbackRequest } from '../client-address.js';
import { problems } from '../schemas.js';

const signInBody = z
  .object({
    workspace: z.string().trim().min(1, 'must not be empty').max(100),
    email: z.string().trim().min(1, 'must not be empty').max(320),
    password: z.string().min(1, 'must not be empty').max(1000),
  })
  .strict();

/** Who is signed in, to which workspace, and the CSRF token: what signing in (or setting up) answers. */
export const signedInFields = {
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    timeZone: z.string(),
  }),
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string(), timeZone: z.string() }),
  csrfToken: z.string(),
};

export const sessionSchema = z.object(signedInFields).meta({ id: 'Session' });

/** The session's answer: who is signed in, to which workspace, and the CSRF token. */
export async function describeSession(deps: Deps, workspaceId: string, userId: string, csrfToken: string) {
  const [user, workspace] = await Promise.all([
    getUser(deps.db, workspaceId, userId),
    getWorkspace(deps.db, workspaceId),
  ]);
  if (!user || !workspace) throw new AppError('unauthenticated', 'Sign in again.');
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone },
    workspace: {
      id: workspace.id,
      slug: workspace.slug,
      name: workspace.name,
      timeZone: workspace.timeZone,
    },
    csrfToken,
  };
}

/** Hands the browser its session cookie (HttpOnly, SameSite=Lax; Secure behind https). */
export function setSessionCookie(
  reply: FastifyReply,
  started: { token: string; expiresAt: Date },
  secureCookies: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, started.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies,
    expires: started.expiresAt,
  });
}

export function sessionRoutes(
  deps: Deps,
  opts: { ttlMs: number; secureCookies: boolean; signInLimiter: SignInLimiter },
) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/session',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Sign in with workspace, e-mail and password',
          body: signInBody,
          response: { 200: sessionSchema, ...problems(400, 401, 403, 429) },
        },
      },
      async (request, reply) => {
        const client = { ip: request.ip, isLoopback: isLoopbackRequest(request) };
        const started = await signIn(
          { ...deps, signInLimiter: opts.signInLimiter },
          request.body,
          client,
          opts.ttlMs,
        );
        setSessionCookie(reply, started, opts.secureCookies);
        const p = started.principal;
        return describeSession(deps, p.workspaceId, p.userId, p.csrfToken);
      },
    );

    r.get(
      '/api/v1/session',
      {
        schema: {
          tags: ['session'],
          summary: 'The signed-in user, workspace and CSRF token',
          response: { 200: sessionSchema, ...problems(401) },
        },
      },
      async (request) => {
        const p = principal(request);
        if (p.kind !== 'user')
          throw new AppError('unauthenticated', 'This endpoint describes a signed-in session.');
        return describeSession(deps, p.workspaceId, p.userId, p.csrfToken);
      },
    );

    r.delete(
      '/api/v1/session',
      {
        schema: {
          tags: ['session'],
          summary: 'Sign out',
          response: { 204: z.null(), ...problems(401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        if (p.kind === 'user') await signOut(deps, p);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}
