// /api/v1/workspace/currency: the workspace's one reporting currency (every deal, spend and report
// amount is in it); an admin sets it before any amount is recorded.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import { reportingCurrency, setWorkspaceCurrency } from '../../services/workspace-currency.js';
import { principal } from '../auth.js';
import { problems } from '../schemas.js';

const currencySchema = z
  .object({ currency: z.string().describe('ISO 4217 code, e.g. USD') })
  .meta({ id: 'WorkspaceCurrency' });

export function workspaceCurrencyRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/v1/workspace/currency',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['workspace'],
          summary: "The workspace's reporting currency: every amount Tandem stores and reports is in it",
          response: { 200: currencySchema, ...problems(401, 403) },
        },
      },
      async (request) => ({ currency: await reportingCurrency(deps.db, principal(request).workspaceId) }),
    );
    r.put(
      '/api/v1/workspace/currency',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['workspace'],
          summary:
            "Set the workspace's reporting currency; refused (409) once a deal, spend, a money goal or a plan is recorded, since amounts are never converted; audited",
          body: z
            .object({
              currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as USD'),
            })
            .strict(),
          response: { 200: currencySchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        return {
          currency: await setWorkspaceCurrency(deps, auditActorOf(p), p.workspaceId, request.body.currency),
        };
      },
    );
  };
}
