// Builds the Fastify application from its dependencies; listening is the caller's business.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottlePolicy } from '../domain/sign-in-throttle.js';
import { type AppServices, createAppServices } from '../services/app-services.js';
import type { Deps } from '../services/deps.js';
import { createSignInLimiter } from '../store/sign-in-limits.js';
import type { Principal } from '../services/principal.js';
import { registerAuth } from './auth.js';
import { registerCsvExport } from './csv-export.js';
import { openApiOptions } from './openapi.js';
import { errorHandler, sendProblem } from './problem.js';
import { accountRoutes as ownAccountRoutes } from './routes/account.js';
import { accountRoutes } from './routes/accounts.js';
import { agreementRoutes } from './routes/agreement.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { commitmentRoutes } from './routes/commitments.js';
import { reportRoutes } from './routes/reports.js';
import { goalRoutes } from './routes/goals.js';
import { plannerRoutes } from './routes/planner.js';
import { crmRoutes } from './routes/crm.js';
import { opportunityRoutes } from './routes/opportunities.js';
import { handoffRoutes } from './routes/handoff.js';
import { healthRoutes } from './routes/health.js';
import { importMappingRoutes } from './routes/import-mappings.js';
import { importRoutes } from './routes/imports.js';
import { inboxRoutes } from './routes/inbox.js';
import { ingestRoutes } from './routes/ingest.js';
import { leadFeedbackRoutes } from './routes/lead-feedback.js';
import { leadHistoryRoutes } from './routes/lead-history.js';
import { leadRoutes } from './routes/leads.js';
import { memberRoutes } from './routes/members.js';
import { alertRoutes } from './routes/alerts.js';
import { notificationRoutes } from './routes/notifications.js';
import { rejectReasonRoutes } from './routes/reject-reasons.js';
import { sessionRoutes } from './routes/session.js';
import { setupRoutes } from './routes/setup.js';
import { teamRoutes } from './routes/teams.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workspaceCurrencyRoutes } from './routes/workspace-currency.js';
import { workspaceExportRoutes } from './routes/workspace-export.js';
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
  /** Sign-in throttling; tests lower the limits. */
  signInThrottle?: Partial<SignInThrottlePolicy>;
  /** Peers trusted to set X-Forwarded-* (config TRUST_PROXY); none by default. */
  trustProxy?: boolean | string[];
  /** PUBLIC_URL: where browsers and SDKs reach this server, preferred over the request's Host. */
  publicUrl?: string | null;
  /** Only the command line's in-process app (`tandem export`): every request acts as this principal. */
  actAs?: Principal;
  /** The node's services (the server shares its folder with the workers); built here when absent. */
  services?: AppServices;
}

// The built app loads only its own script, stylesheet and fonts, and talks only to this server.
// React's style={{}} goes through the CSSOM, which style-src does not govern; no inline <style>.
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    // A bad URL or an over-long path parameter is answered by the router itself: as problem+json too.
    frameworkErrors: (err, request, reply) => void errorHandler(err, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // Only over https: on plain http (localhost, a LAN) it would send the app's requests to a dead port.
      directives: options.secureCookies ? { ...CSP_DIRECTIVES, upgradeInsecureRequests: [] } : CSP_DIRECTIVES,
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // secureCookies is true exactly when PUBLIC_URL is https: HSTS on plain http would lock a browser out.
    strictTransportSecurity: options.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, openApiOptions);
  registerAuth(app, deps, options.actAs);
  registerTextSafety(app);
  registerCsvExport(app);
  const services = options.services ?? createAppServices(deps);
  // A fold under way finishes before the database it writes to is closed.
  app.addHook('onClose', () => services.fold.stop());

  await app.register(healthRoutes(deps));
  const signInLimiter = createSignInLimiter(deps.db, {
    ...DEFAULT_SIGN_IN_THROTTLE,
    ...options.signInThrottle,
  });
  await app.register(
    sessionRoutes(deps, { ttlMs: options.sessionTtlMs, secureCookies: options.secureCookies, signInLimiter }),
  );
  await app.register(
    setupRoutes(deps, { ttlMs: options.sessionTtlMs, secureCookies: options.secureCookies }),
  );
  await app.register(leadRoutes(deps));
  await app.register(leadHistoryRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(importRoutes(deps));
  await app.register(importMappingRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(memberRoutes(deps, { publicUrl: options.publicUrl ?? null }));
  await app.register(
    ownAccountRoutes(deps, {
      ttlMs: options.sessionTtlMs,
      secureCookies: options.secureCookies,
      signInLimiter,
      publicUrl: options.publicUrl ?? null,
    }),
  );
  await app.register(ingestRoutes(deps, services.ingestBatch, { publicUrl: options.publicUrl ?? null }));
  await app.register(agreementRoutes(deps));
  await app.register(handoffRoutes(deps));
  await app.register(inboxRoutes(deps));
  await app.register(crmRoutes(deps));
  await app.register(opportunityRoutes(deps));
  await app.register(commitmentRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(goalRoutes(deps));
  await app.register(plannerRoutes(deps));
  await app.register(teamRoutes(deps));
  await app.register(webhookRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(leadFeedbackRoutes(deps));
  await app.register(rejectReasonRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(workspaceExportRoutes(deps));
  await app.register(workspaceCurrencyRoutes(deps));

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  // Source maps (built "hidden", for reading stack traces on the server) are not for the public.
  const isSourceMap = (pathname: string) => pathname.endsWith('.map');
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      allowedPath: (pathname) => !isSourceMap(pathname),
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isApi = pathname.startsWith('/api/') || pathname.startsWith('/v1/');
    // A missing asset is a 404, not the app's page (which a browser would then fail to run as a script).
    const isFile = pathname.startsWith('/assets/') || isSourceMap(pathname);
    if (!isApi && !isFile && hasWeb && request.method === 'GET') return reply.sendFile('index.html');
    return sendProblem(reply, {
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${pathname}`,
      code: 'not_found',
    });
  });
  return app;
}
