// Builds the Fastify application from its dependencies; listening is the caller's business.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { createAppServices } from '../services/app-services.js';
import type { Deps } from '../services/deps.js';
import { registerAuth } from './auth.js';
import { errorHandler, sendProblem } from './problem.js';
import { accountRoutes } from './routes/accounts.js';
import { agreementRoutes } from './routes/agreement.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { handoffRoutes } from './routes/handoff.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { leadHistoryRoutes } from './routes/lead-history.js';
import { leadRoutes } from './routes/leads.js';
import { notificationRoutes } from './routes/notifications.js';
import { sessionRoutes } from './routes/session.js';
import { teamRoutes } from './routes/teams.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { registerTextSafety } from './text-safety.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  bodyLimitBytes: number;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Logger options for Fastify to build one (tests)… */
  logger?: FastifyServerOptions['logger'];
  /** …or the process's own pino logger (the server). */
  loggerInstance?: FastifyBaseLogger;
  /** Folder of the built web app; served at / when it exists. */
  webDist?: string;
}

export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: true,
    return503OnClosing: true,
    // A bad URL or an over-long path parameter is answered by the router itself: as problem+json too.
    frameworkErrors: (err, request, reply) => void errorHandler(err, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: '1',
        description: 'Lead lifecycle: one agreement between sales and marketing, enforced on live data.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A secret API key (tdm_sk_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  registerAuth(app, deps);
  registerTextSafety(app);
  const services = createAppServices(deps);

  await app.register(healthRoutes(deps));
  await app.register(
    sessionRoutes(deps, { ttlMs: options.sessionTtlMs, secureCookies: options.secureCookies }),
  );
  await app.register(leadRoutes({ ...deps, hooks: services.hooks }));
  await app.register(leadHistoryRoutes({ ...deps, hooks: services.hooks }));
  await app.register(accountRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(ingestRoutes(deps, services.ingestBatch));
  await app.register(agreementRoutes(deps));
  await app.register(handoffRoutes({ ...deps, hooks: services.hooks }));
  await app.register(teamRoutes(deps));
  await app.register(webhookRoutes(deps));
  await app.register(notificationRoutes(deps));

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });

  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/v1/');
    if (!isApi && hasWeb && request.method === 'GET') return reply.sendFile('index.html');
    return sendProblem(reply, {
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      code: 'not_found',
    });
  });
  return app;
}
