// /api/v1/commitments/marketing: marketing's side of the agreement, this period against the target.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import { marketingCommitment } from '../../services/marketing-commitment.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';

const commitmentSchema = z
  .object({
    period: z.string(),
    from: timestamp,
    to: timestamp,
    /** What the agreement in force for the period promised; null before the first agreement. */
    commitment: z.object({ mqls: z.number(), minAcceptanceRate: z.number() }).nullable(),
    mqls: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    /** accepted / (accepted + rejected); null before sales decided on any. */
    acceptanceRate: z.number().nullable(),
    /** Where the MQL count should be by now if the period runs evenly. */
    expectedByNow: z.number(),
    /** Share of the period gone by now, 0–1. */
    elapsed: z.number(),
    /** Where the period ends at the pace so far; null until a day has gone by. */
    projected: z.number().int().nullable(),
    isVolumeOnTrack: z.boolean().nullable(),
    isAcceptanceOnTrack: z.boolean().nullable(),
    /** The parts committed per segment (industry) or territory (region), each with what it delivered. */
    segments: z.array(
      z.object({
        dimension: z.enum(['segment', 'territory']),
        value: z.string(),
        committed: z.number(),
        mqls: z.number().int(),
        expectedByNow: z.number(),
      }),
    ),
    rejectionReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'MarketingCommitment' });

export function commitmentRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/commitments/marketing',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['hand-off'],
          summary:
            "Marketing's commitment: MQLs this period against the agreed number, and sales' acceptance rate",
          querystring: z.object({ period: z.string().max(10).optional() }).strict(),
          response: { 200: commitmentSchema, ...problems(400, 401, 403) },
        },
      },
      async (request) => marketingCommitment(deps, principal(request).workspaceId, request.query.period),
    );
  };
}
