// /api/v1/webhooks: subscriptions (the secret shown on create and rotate only), delivery log, redelivery.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type HostAllowList, NO_ALLOWED_HOSTS, isPlainlyInternalHost } from '../../domain/network-address.js';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import {
  changeSubscription,
  createSubscription,
  deliveriesOf,
  deliveryWithAttempts,
  redeliver,
  removeSubscription,
  rotateSecret,
  sendTestDelivery,
  subscription,
  subscriptionsOf,
} from '../../services/webhooks.js';
import type { WebhookDelivery, WebhookSubscription } from '../../store/webhooks.js';
import { principal } from '../auth.js';
import { idParams, pageQuery, problems, text, timestamp } from '../schemas.js';

const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: 'WebhookSubscription' });

const subscriptionDto = (s: WebhookSubscription): z.infer<typeof subscriptionSchema> => ({
  id: s.id,
  url: s.url,
  description: s.description,
  eventTypes: s.eventTypes,
  active: s.active,
  createdAt: s.createdAt,
});

const withSecret = z.object({ subscription: subscriptionSchema, secret: z.string() });

const deliverySchema = z
  .object({
    id: z.string().describe('The webhook-id header: the same on every attempt'),
    subscriptionId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.nullable(),
    lastAttemptAt: timestamp.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

const deliveryDto = (d: WebhookDelivery): z.infer<typeof deliverySchema> => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
});

const attemptSchema = z.object({
  attempt: z.number().int(),
  at: timestamp,
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  responseBody: z.string().nullable(),
});

const deliveryDetail = deliverySchema
  .extend({
    payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
    attemptLog: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDeliveryDetail' });

/**
 * A receiver URL. `localhost` and literal non-public addresses are refused here for quick feedback;
 * names that resolve to such addresses are refused when a delivery connects (jobs/outbound-http).
 */
const webhookUrl = (allowList: HostAllowList = NO_ALLOWED_HOSTS) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .max(2000, 'must be at most 2000 characters')
    .refine((url) => !URL.canParse(url) || !isPlainlyInternalHost(allowList, new URL(url).hostname), {
      message: 'must not point at this server or its private network (see WEBHOOK_ALLOWED_HOSTS)',
    });

const eventTypes = z
  .array(
    z.enum([...WEBHOOK_EVENT_TYPES, ALL_EVENTS], {
      message: `is not an event type; use ${WEBHOOK_EVENT_TYPES.join(', ')}, or * for all`,
    }),
  )
  .min(1, 'must name at least one event type, or * for all')
  .max(50)
  .refine(
    (types) => !types.includes(ALL_EVENTS) || types.length === 1,
    '* means every event type and stands alone',
  )
  .transform((types) => [...new Set(types)]);

const createBody = (allowList?: HostAllowList) =>
  z.object({ url: webhookUrl(allowList), eventTypes, description: text(500).optional() }).strict();

const updateBody = (allowList?: HostAllowList) =>
  z
    .object({ url: webhookUrl(allowList), eventTypes, active: z.boolean(), description: text(500) })
    .partial()
    .strict();

const deliveryParams = z
  .object({ deliveryId: z.string().regex(/^msg_[A-Za-z0-9]{1,64}$/, 'must be a delivery id (msg_…)') })
  .strict();

const tags = ['webhooks'];

export function webhookRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const config = { permission: 'webhooks:manage' as const };

    r.get(
      '/api/v1/webhooks',
      {
        config: { ...config, csv: true },
        schema: {
          tags,
          summary: 'List webhook subscriptions (without their secrets)',
          response: { 200: z.object({ data: z.array(subscriptionSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        return { data: (await subscriptionsOf(deps, p.workspaceId)).map(subscriptionDto) };
      },
    );

    r.post(
      '/api/v1/webhooks',
      {
        config,
        schema: {
          tags,
          summary: 'Subscribe a URL to events; the response holds the signing secret',
          body: createBody(deps.webhookAllowedHosts),
          response: { 201: withSecret, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const { url, eventTypes, description } = request.body;
        const created = await deps.db.transaction((tx) =>
          createSubscription(tx, auditActorOf(p), p.workspaceId, {
            url,
            eventTypes,
            description: description ?? null,
          }),
        );
        return reply
          .code(201)
          .send({ subscription: subscriptionDto(created.subscription), secret: created.secret });
      },
    );

    r.get(
      '/api/v1/webhooks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'One webhook subscription',
          params: idParams,
          response: { 200: subscriptionSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return subscriptionDto(await subscription(deps, p.workspaceId, request.params.id));
      },
    );

    r.patch(
      '/api/v1/webhooks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change a subscription (url, event types, active, description)',
          params: idParams,
          body: updateBody(deps.webhookAllowedHosts),
          response: { 200: subscriptionSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const changed = await changeSubscription(
          deps,
          auditActorOf(p),
          p.workspaceId,
          request.params.id,
          request.body,
        );
        return subscriptionDto(changed);
      },
    );

    r.delete(
      '/api/v1/webhooks/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Remove a subscription with its delivery log; pending deliveries are dropped',
          params: idParams,
          response: { 200: subscriptionSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return subscriptionDto(
          await removeSubscription(deps, auditActorOf(p), p.workspaceId, request.params.id),
        );
      },
    );

    r.post(
      '/api/v1/webhooks/:id/rotate-secret',
      {
        config,
        schema: {
          tags,
          summary:
            'Replace the signing secret; the response holds the new one, used from the next attempt on',
          params: idParams,
          response: { 200: withSecret, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const rotated = await rotateSecret(deps, auditActorOf(p), p.workspaceId, request.params.id);
        return { subscription: subscriptionDto(rotated.subscription), secret: rotated.secret };
      },
    );

    r.post(
      '/api/v1/webhooks/:id/test',
      {
        config,
        schema: {
          tags,
          summary: 'Queue a webhook.test delivery to this subscription alone',
          params: idParams,
          response: { 202: deliverySchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        return reply
          .code(202)
          .send(deliveryDto(await sendTestDelivery(deps, p.workspaceId, request.params.id)));
      },
    );

    r.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        config: { ...config, csv: { name: 'webhook-deliveries' } },
        schema: {
          tags,
          summary: "A subscription's delivery log, newest first",
          params: idParams,
          querystring: z.object(pageQuery).strict(),
          response: {
            200: z.object({ data: z.array(deliverySchema), nextCursor: z.string().nullable() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const page = await deliveriesOf(deps, p.workspaceId, request.params.id, request.query);
        return { data: page.data.map(deliveryDto), nextCursor: page.nextCursor };
      },
    );

    r.get(
      '/api/v1/webhooks/deliveries/:deliveryId',
      {
        config,
        schema: {
          tags,
          summary: 'One delivery: its payload and every attempt (status code, error, duration, response)',
          params: deliveryParams,
          response: { 200: deliveryDetail, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const { delivery, attempts } = await deliveryWithAttempts(
          deps,
          p.workspaceId,
          request.params.deliveryId,
        );
        return { ...deliveryDto(delivery), payload: delivery.payload, attemptLog: attempts };
      },
    );

    r.post(
      '/api/v1/webhooks/deliveries/:deliveryId/redeliver',
      {
        config,
        schema: {
          tags,
          summary: 'Send a delivery again, with the same webhook-id, as soon as the worker runs',
          params: deliveryParams,
          response: { 202: deliverySchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const requeued = await redeliver(deps, auditActorOf(p), p.workspaceId, request.params.deliveryId);
        return reply.code(202).send(deliveryDto(requeued));
      },
    );
  };
}
