// /api/v1/alert-preferences: which alerts reach the signed-in person, and where (in the app, by
// e-mail, on Slack); /api/v1/teams/…/alert-channel: a team's Slack incoming webhook.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_KINDS, type AlertPreferences } from '../../domain/alert-preferences.js';
import { forbidden } from '../../domain/errors.js';
import {
  type AlertSettings,
  readAlertSettings,
  saveAlertSettings,
  setTeamAlertChannel,
  teamAlertChannels,
} from '../../services/alert-preferences.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';

const channelsSchema = z.object({ inApp: z.boolean(), email: z.boolean(), slack: z.boolean() }).strict();
const preferencesSchema = z
  .object(
    Object.fromEntries(ALERT_KINDS.map((k) => [k, channelsSchema])) as Record<
      (typeof ALERT_KINDS)[number],
      typeof channelsSchema
    >,
  )
  .strict()
  .meta({ id: 'AlertPreferences' });
const slackUrl = z.string().max(500, { message: 'must be at most 500 characters' }).nullable();

const settingsSchema = z
  .object({
    preferences: preferencesSchema,
    defaults: preferencesSchema,
    slackWebhookUrl: z.string().nullable(),
    isEmailEnabled: z.boolean(),
    recent: z.array(
      z.object({
        id: z.number().int(),
        notificationId: z.number().int(),
        channel: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        sentAt: timestamp.nullable(),
        createdAt: timestamp,
        title: z.string(),
      }),
    ),
  })
  .meta({ id: 'AlertSettings' });

const settingsDto = (s: AlertSettings): z.infer<typeof settingsSchema> => ({
  ...s,
  recent: s.recent.map((d) => ({
    ...d,
    sentAt: d.sentAt,
    createdAt: d.createdAt,
  })),
});

const teamChannelsSchema = z.array(
  z
    .object({ teamId: z.string(), teamName: z.string(), slackWebhookUrl: z.string().nullable() })
    .meta({ id: 'TeamAlertChannel' }),
);

function signedInUser(request: FastifyRequest): { workspaceId: string; userId: string } {
  const p = principal(request);
  if (p.kind !== 'user') {
    throw forbidden(
      'Alert preferences belong to a signed-in person; an API key has none. Sign in to set them.',
    );
  }
  return { workspaceId: p.workspaceId, userId: p.userId };
}

export function alertRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['alerts'];

    r.get(
      '/api/v1/alert-preferences',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags,
          summary: 'Your alert choices (with your role’s defaults) and your latest e-mails and Slack posts',
          response: { 200: settingsSchema, ...problems(401, 403) },
        },
      },
      async (request) => {
        const { workspaceId, userId } = signedInUser(request);
        return settingsDto(await readAlertSettings(deps, workspaceId, userId));
      },
    );

    r.put(
      '/api/v1/alert-preferences',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags,
          summary: 'Choose, per kind of alert, whether it reaches you in the app, by e-mail and on Slack',
          body: z.object({ preferences: preferencesSchema, slackWebhookUrl: slackUrl }).strict(),
          response: { 200: settingsSchema, ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const { workspaceId, userId } = signedInUser(request);
        const { preferences, slackWebhookUrl } = request.body;
        const url = slackWebhookUrl?.trim() ? slackWebhookUrl.trim() : null;
        const saved = await saveAlertSettings(deps, workspaceId, userId, {
          preferences: preferences as AlertPreferences,
          slackWebhookUrl: url,
        });
        return settingsDto(saved);
      },
    );

    r.get(
      '/api/v1/teams/alert-channels',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags,
          summary:
            'Each team’s Slack channel for alerts (members without their own receive Slack alerts there)',
          response: { 200: teamChannelsSchema, ...problems(401, 403) },
        },
      },
      async (request) => teamAlertChannels(deps, principal(request).workspaceId),
    );

    r.put(
      '/api/v1/teams/:id/alert-channel',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags,
          summary: 'Set (or with null remove) a team’s Slack incoming webhook',
          params: idParams,
          body: z.object({ slackWebhookUrl: slackUrl }).strict(),
          response: { 200: teamChannelsSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const url = request.body.slackWebhookUrl?.trim() ? request.body.slackWebhookUrl.trim() : null;
        return setTeamAlertChannel(deps, auditActorOf(p), p.workspaceId, request.params.id, url);
      },
    );
  };
}
