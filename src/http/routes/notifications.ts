// /api/v1/notifications: the signed-in person's in-app notifications, newest first, and marking them read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, notFound } from '../../domain/errors.js';
import { hiddenNotificationTypes } from '../../services/alert-preferences.js';
import type { Deps } from '../../services/deps.js';
import { decodeCursor } from '../../store/cursor.js';
import {
  type Notification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../store/notifications.js';
import { principal } from '../auth.js';
import { pageQuery, problems, timestamp } from '../schemas.js';

const notificationSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    leadId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  })
  .meta({ id: 'Notification' });

const notificationDto = (n: Notification): z.infer<typeof notificationSchema> => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  leadId: n.leadId,
  data: n.data,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

const listQuery = z
  .object({
    unread: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
    ...pageQuery,
  })
  .strict();

const notificationParams = z.object({
  id: z.coerce.number().int().positive({ message: 'must be a notification id' }),
});

/** Notifications are addressed to people: an API key has none to read. */
function signedInUser(request: FastifyRequest): { workspaceId: string; userId: string } {
  const p = principal(request);
  if (p.kind !== 'user') {
    throw forbidden('Notifications belong to a signed-in person; an API key has none. Sign in to read them.');
  }
  return { workspaceId: p.workspaceId, userId: p.userId };
}

export function notificationRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const config = { permission: 'leads:read' as const };
    const tags = ['notifications'];

    r.get(
      '/api/v1/notifications',
      {
        config: { ...config, csv: true },
        schema: {
          tags,
          summary: 'Your notifications, newest first, with the number unread',
          querystring: listQuery,
          response: {
            200: z.object({
              data: z.array(notificationSchema),
              unreadCount: z.number().int(),
              nextCursor: z.string().nullable(),
            }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { workspaceId, userId } = signedInUser(request);
        const { unread, limit, cursor } = request.query;
        const page = await listNotifications(deps.db, workspaceId, userId, {
          isUnreadOnly: unread ?? false,
          limit,
          after: decodeCursor(cursor, { at: 'timestamp', id: 'integer' }),
          hiddenTypes: await hiddenNotificationTypes(deps.db, workspaceId, userId),
        });
        return {
          data: page.data.map(notificationDto),
          unreadCount: page.unreadCount,
          nextCursor: page.nextCursor,
        };
      },
    );

    r.post(
      '/api/v1/notifications/:id/read',
      {
        config,
        schema: {
          tags,
          summary: 'Mark one of your notifications read',
          params: notificationParams,
          response: { 200: notificationSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { workspaceId, userId } = signedInUser(request);
        const read = await markNotificationRead(
          deps.db,
          workspaceId,
          userId,
          request.params.id,
          deps.clock(),
        );
        if (!read) throw notFound('Notification');
        return notificationDto(read);
      },
    );

    r.post(
      '/api/v1/notifications/read-all',
      {
        config,
        schema: {
          tags,
          summary: 'Mark all your notifications read',
          response: { 200: z.object({ marked: z.number().int() }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const { workspaceId, userId } = signedInUser(request);
        return { marked: await markAllNotificationsRead(deps.db, workspaceId, userId, deps.clock()) };
      },
    );
  };
}
