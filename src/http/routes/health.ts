// GET /healthz: is the process up, which database, which migration version.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import { foldLag } from '../../services/fold.js';
import { UNAVAILABLE_RETRY_AFTER_S } from '../problem.js';
import { migrationVersion } from '../../store/migrate.js';
import { findWorkspaceBySlug } from '../../store/workspaces.js';
import { isLoopbackRequest } from '../client-address.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SLUG } from '../../services/demo-workspace.js';

const startedAt = Date.now();

export function healthRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/healthz',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Liveness and database status',
          response: {
            200: z.object({
              status: z.literal('ok'),
              database: z.enum(['pglite', 'postgres']),
              migrationVersion: z.number(),
              uptimeSeconds: z.number(),
              /** Accepted events not scored yet, and how long the oldest has waited. */
              scoring: z.object({ waiting: z.number().int(), oldestWaitingSeconds: z.number() }),
            }),
            503: z.object({
              status: z.literal('unavailable'),
              database: z.enum(['pglite', 'postgres']),
              error: z.string(),
            }),
          },
        },
      },
      async (request, reply) => {
        try {
          const version = await migrationVersion(deps.db);
          const scoring = await foldLag(deps);
          return {
            status: 'ok' as const,
            database: deps.db.kind,
            migrationVersion: version,
            uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
            scoring: {
              waiting: scoring.waiting,
              oldestWaitingSeconds: Math.round(scoring.oldestWaitingSeconds * 10) / 10,
            },
          };
        } catch (err) {
          // The driver's text (addresses, ports, user names) is for the log, not for whoever polls us.
          request.log.error({ err }, 'health check: database unavailable');
          return reply
            .code(503)
            .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
            .send({ status: 'unavailable' as const, database: deps.db.kind, error: 'database unavailable' });
        }
      },
    );

    // What the sign-in page may show before anyone signs in: whether a demo workspace exists. Its
    // sign-in is shown only on the machine it runs on (the password is refused from elsewhere).
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/meta',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Public facts for the sign-in page',
          response: {
            200: z.object({
              demo: z.object({ workspace: z.string(), email: z.string(), password: z.string() }).nullable(),
            }),
          },
        },
      },
      async (request) => ({
        demo:
          isLoopbackRequest(request) && (await findWorkspaceBySlug(deps.db, DEMO_SLUG))
            ? { workspace: DEMO_SLUG, email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD }
            : null,
      }),
    );
  };
}
