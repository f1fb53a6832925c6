// Resolves who is calling each /api request: a session cookie (with CSRF check) or a secret API key.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { authenticateSecretKey } from '../services/api-keys.js';
import type { Deps } from '../services/deps.js';
import { type Principal, requirePermission } from '../services/principal.js';
import type { Permission } from '../domain/roles.js';
import { resolveSession } from '../services/sessions.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** 'public' routes skip authentication; everything else under /api requires it. */
    auth?: 'public';
    /** Checked before the body is validated, so a caller without the right gets 403, not 400. */
    permission?: Permission;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function principalOf(deps: Deps, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new AppError('unauthenticated', 'Send the API key as "Authorization: Bearer <key>".');
    const principal = await authenticateSecretKey(deps, match[1]);
    if (!principal) throw new AppError('unauthenticated', 'The API key is not valid or has been revoked.');
    return principal;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    const principal = await resolveSession(deps, token);
    if (!principal) throw new AppError('unauthenticated', 'Your session has expired; sign in again.');
    // A cross-site form cannot set this header, so a cookie alone never changes anything.
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== principal.csrfToken) {
      throw new AppError('forbidden', `Missing or wrong ${CSRF_HEADER} header for a signed-in request.`);
    }
    return principal;
  }
  throw new AppError('unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');
}

/**
 * `actAs`: the command line's own in-process app (`tandem export`) answers as this principal; it
 * never listens, and a server never sets it.
 */
export function registerAuth(app: FastifyInstance, deps: Deps, actAs?: Principal): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/') || request.routeOptions.config.auth === 'public') return;
    request.principal = actAs ?? (await principalOf(deps, request));
    const permission = request.routeOptions.config.permission;
    if (permission) requirePermission(request.principal, permission);
  });
}

/** The authenticated principal of a request that passed the auth hook. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in first.');
  return request.principal;
}
