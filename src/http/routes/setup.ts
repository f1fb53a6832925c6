// /api/v1/setup: the first-run setup of a fresh server; /api/v1/getting-started: a new workspace's checklist.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GETTING_STARTED_STEPS } from '../../domain/getting-started.js';
import {
  businessHoursSchema,
  timeZoneSchema,
  workspaceNameSchema,
  workspaceSlugSchema,
} from '../../domain/workspace-setup.js';
import type { Deps } from '../../services/deps.js';
import { gettingStarted, markAgreementReviewed } from '../../services/getting-started.js';
import { auditActorOf } from '../../services/principal.js';
import { completeFirstRun, isFirstRun } from '../../services/setup.js';
import { SESSION_COOKIE, principal } from '../auth.js';
import { problems } from '../schemas.js';
import { signedInFields } from './session.js';

const setupBody = z
  .object({
    companyName: workspaceNameSchema,
    slug: workspaceSlugSchema,
    timeZone: timeZoneSchema,
    businessHours: businessHoursSchema,
    admin: z
      .object({
        name: z.string().trim().min(1, 'must not be empty').max(200),
        email: z.email({ message: 'must be an e-mail address' }).max(320),
        // Length and strength are the password rule's (src/domain/password-policy.ts), checked in the service.
        password: z.string().max(1000),
      })
      .strict(),
  })
  .strict();

const setupState = z.object({ available: z.boolean() }).meta({ id: 'SetupState' });

// The same answer as signing in; a schema of its own so the API document keeps its name.
const setupResult = z.object(signedInFields).meta({ id: 'SetupResult' });

const checklist = z
  .object({
    steps: z.array(z.object({ id: z.enum(GETTING_STARTED_STEPS), isDone: z.boolean(), reason: z.string() })),
    doneCount: z.number().int(),
    isComplete: z.boolean(),
  })
  .meta({ id: 'GettingStarted' });

export function setupRoutes(deps: Deps, opts: { ttlMs: number; secureCookies: boolean }) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/setup',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['setup'],
          summary: 'Whether the first-run setup is open (no company workspace exists yet)',
          response: { 200: setupState },
        },
      },
      async () => ({ available: await isFirstRun(deps) }),
    );

    r.post(
      '/api/v1/setup',
      {
        // Open to whoever reaches a fresh server first, as Grafana and Metabase are; closed (409)
        // as soon as a company workspace exists.
        config: { auth: 'public' },
        schema: {
          tags: ['setup'],
          summary: 'First-run setup: create the company workspace and its admin, and sign the admin in',
          body: setupBody,
          response: { 201: setupResult, ...problems(400, 409) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const { workspace, admin, session } = await completeFirstRun(
          deps,
          {
            slug: b.slug,
            name: b.companyName,
            timeZone: b.timeZone,
            businessHours: b.businessHours,
            admin: b.admin,
          },
          { ip: request.ip },
          opts.ttlMs,
        );
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secureCookies,
          expires: session.expiresAt,
        });
        return reply.code(201).send({
          user: {
            id: admin.id,
            email: admin.email,
            name: admin.name,
            role: admin.role,
            timeZone: admin.timeZone,
          },
          workspace: {
            id: workspace.id,
            slug: workspace.slug,
            name: workspace.name,
            timeZone: workspace.timeZone,
          },
          csrfToken: session.principal.csrfToken,
        });
      },
    );

    r.get(
      '/api/v1/getting-started',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['setup'],
          summary: "The workspace's first steps, each with whether its data shows it done",
          response: { 200: checklist, ...problems(401, 403) },
        },
      },
      async (request) => gettingStarted(deps, principal(request).workspaceId),
    );

    r.post(
      '/api/v1/getting-started/agreement-reviewed',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['setup'],
          summary: 'Record that an admin has read the agreement (the checklist step "review the agreement")',
          response: { 200: checklist, ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        return markAgreementReviewed(deps, auditActorOf(p), p.workspaceId);
      },
    );
  };
}
