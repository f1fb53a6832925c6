// /api/v1/crm/status-changes: the CRM's status changes, mapped to stages by the agreement.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applyCrmStatusChanges } from '../../services/crm-status.js';
import type { Deps } from '../../services/deps.js';
import { principal } from '../auth.js';
import { isoDate, problems } from '../schemas.js';

const crmChange = z
  .object({
    lead: z
      .object({
        id: z.uuid().optional(),
        externalId: z.string().max(200).optional(),
        email: z.string().max(320).optional(),
      })
      .strict()
      .refine((l) => l.id || l.externalId || l.email, 'give the lead id, externalId or email'),
    system: z.enum(['salesforce', 'hubspot', 'other']),
    object: z.enum(['lead', 'contact', 'opportunity']),
    status: z.string().trim().min(1).max(200),
    occurredAt: isoDate.optional(),
    /** When the status means an opportunity, won or lost: the deal, written to the lead's opportunity. */
    opportunity: z
      .object({
        amount: z.number().min(0, 'must be 0 or more').max(1e13, 'is too large').optional(),
        currency: z
          .string()
          .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as USD')
          .optional(),
        closeDate: z
          .union(
            [
              z.iso
                .date()
                .refine(
                  (s) => s >= '0001-01-01' && s <= '9999-12-30',
                  'must be a date from the year 1 to 9999',
                ),
              isoDate,
            ],
            { error: 'must be a date like 2026-03-31' },
          )
          .nullable()
          .optional(),
        /** The CRM's opportunity id: the record to update, else the lead's newest open one. */
        externalId: z.string().trim().min(1).max(200).optional(),
        name: z.string().trim().min(1).max(300).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What became of one change, in the order sent. */
const crmOutcomeSchema = z
  .discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('moved'),
      leadId: z.string(),
      from: z.string(),
      to: z.string(),
      transitionId: z.number(),
      opportunityId: z.string().optional(),
    }),
    z.object({
      outcome: z.literal('unchanged'),
      leadId: z.string(),
      stage: z.string(),
      opportunityId: z.string().optional(),
    }),
    z.object({ outcome: z.literal('unmapped'), leadId: z.string(), detail: z.string() }),
    z.object({ outcome: z.literal('lead_not_found'), detail: z.string() }),
  ])
  .meta({ id: 'CrmOutcome' });

export function crmRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/crm/status-changes',
      {
        config: { permission: 'crm:write' },
        schema: {
          tags: ['hand-off'],
          summary:
            'Status changes from the CRM, mapped to stages by the agreement (a lost lead returns to nurture)',
          body: z.union([crmChange, z.object({ changes: z.array(crmChange).min(1).max(500) }).strict()]),
          response: { 200: z.object({ results: z.array(crmOutcomeSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const list = 'changes' in request.body ? request.body.changes : [request.body];
        const results = await applyCrmStatusChanges(
          deps,
          p.workspaceId,
          list.map(({ opportunity, ...c }) => ({
            ...c,
            occurredAt: c.occurredAt ? new Date(c.occurredAt) : null,
            ...(opportunity
              ? {
                  opportunity: {
                    ...opportunity,
                    closeDate:
                      opportunity.closeDate == null
                        ? opportunity.closeDate
                        : new Date(
                            opportunity.closeDate.length === 10
                              ? `${opportunity.closeDate}T00:00:00.000Z`
                              : opportunity.closeDate,
                          ),
                  },
                }
              : {}),
          })),
        );
        return { results };
      },
    );
  };
}
