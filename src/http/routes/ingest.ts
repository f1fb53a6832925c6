// The Segment HTTP Tracking API: /v1/identify, track, page, screen, group, alias and batch.
// The write key comes as the Basic-auth username (empty password) or as `writeKey` in the body.
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  type MessageKind,
  validateMessages,
} from '../../domain/segment-spec.js';
import { authenticateWriteKey } from '../../services/api-keys.js';
import type { Deps } from '../../services/deps.js';
import type { IngestBatch } from '../../services/ingest-batch.js';
import { problems } from '../schemas.js';

const SINGLE: Exclude<MessageKind, 'batch'>[] = ['identify', 'track', 'page', 'screen', 'group', 'alias'];

function basicUsername(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

async function workspaceOf(deps: Deps, request: FastifyRequest): Promise<string> {
  const body = request.body as { writeKey?: unknown } | null;
  const key = basicUsername(request) ?? (typeof body?.writeKey === 'string' ? body.writeKey : null);
  if (!key) {
    throw new AppError(
      'unauthenticated',
      'Send the workspace write key as the Basic-auth username or as "writeKey" in the body.',
    );
  }
  const principal = await authenticateWriteKey(deps, key);
  if (!principal) throw new AppError('unauthenticated', 'The write key is not valid or has been revoked.');
  return principal.workspaceId;
}

// analytics.js posts each call to the first letter of its type, and batches to /b.
const SHORT_PATHS: Record<string, Exclude<MessageKind, 'batch'>> = {
  i: 'identify',
  t: 'track',
  p: 'page',
  s: 'screen',
  g: 'group',
  a: 'alias',
};

/** Where analytics.js should send: PUBLIC_URL when set, else the Host this request came to. */
function apiEndpoint(publicUrl: string | null, request: FastifyRequest) {
  if (!publicUrl) return { apiHost: `${request.host}/v1`, protocol: request.protocol };
  const url = new URL(publicUrl);
  return {
    apiHost: `${url.host}${url.pathname.replace(/\/+$/, '')}/v1`,
    protocol: url.protocol.slice(0, -1),
  };
}

/** Every event of the request is committed. */
const ingestAck = z.object({ success: z.literal(true) }).meta({ id: 'IngestAck' });

/** What analytics.js reads at start-up: send the SDK's own calls to this server. */
const sdkSettings = z.object({
  integrations: z.object({
    'Segment.io': z.object({ apiKey: z.string(), apiHost: z.string(), protocol: z.string() }),
  }),
  plan: z.object({ track: z.object({ __default: z.object({ enabled: z.boolean() }) }) }),
  enabledMiddleware: z.record(z.string(), z.unknown()),
  metrics: z.object({ sampleRate: z.number() }),
});

export function ingestRoutes(deps: Deps, ingestBatch: IngestBatch, opts: { publicUrl: string | null }) {
  return async (app: FastifyInstance): Promise<void> => {
    // Browsers send from the marketing site's origin; a write key is public and only ingests, so any
    // origin may post here (and only here: the /api routes answer no cross-origin request).
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    });
    app.options('/v1/*', { schema: { hide: true } }, async (request, reply) =>
      reply
        .header('access-control-allow-methods', 'POST, GET')
        .header(
          'access-control-allow-headers',
          request.headers['access-control-request-headers'] ?? 'content-type, authorization',
        )
        .header('access-control-max-age', '86400')
        .code(204)
        .send(),
    );
    // analytics.js sends JSON as text/plain to avoid a CORS preflight; RudderStack's Node SDK sends it
    // as a form (axios's default for a gzipped Buffer). Only these /v1 routes read either as JSON.
    const jsonAliases = ['text/plain', 'application/x-www-form-urlencoded'];
    app.addContentTypeParser(jsonAliases, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(
          Object.assign(err as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
          undefined,
        );
      }
    });
    // SDKs may gzip (or deflate) their bodies; the size limits count the decompressed JSON.
    app.addHook('preParsing', async (request, _reply, payload) => {
      // Content codings are case-insensitive (RFC 9110 8.4.1); x-gzip is gzip's old name.
      const encoding = request.headers['content-encoding']
        ?.trim()
        .toLowerCase()
        .replace(/^x-gzip$/, 'gzip');
      if (!encoding || encoding === 'identity') return payload;
      if (encoding !== 'gzip' && encoding !== 'deflate') {
        throw new AppError(
          'unsupported_media_type',
          `Content-Encoding ${encoding} is not supported; use gzip or none.`,
        );
      }
      const inflated = payload.pipe(encoding === 'gzip' ? createGunzip() : createInflate());
      // Fastify checks Content-Length against the bytes received, which are the compressed ones.
      const counted = inflated as typeof inflated & { receivedEncodedLength: number };
      counted.receivedEncodedLength = 0;
      payload.on('data', (chunk: Buffer) => (counted.receivedEncodedLength += chunk.length));
      return counted;
    });

    const handle = (kind: MessageKind) => async (request: FastifyRequest) => {
      const receivedAt = deps.clock();
      const workspaceId = await workspaceOf(deps, request);
      const body = request.body;
      const result = validateMessages(body, kind);
      if (!result.ok) {
        const big = result.errors.filter((e) => e.limit !== undefined);
        if (big.length > 0) {
          const limit = big.some((e) => e.limit === 'batch')
            ? `A batch may be at most ${MAX_BATCH_BYTES / 1024} KB`
            : `A message may be at most ${MAX_MESSAGE_BYTES / 1024} KB`;
          throw new AppError(
            'payload_too_large',
            `${limit}; nothing from this request was stored.`,
            big.map((e) => ({
              index: e.index,
              field: e.index === null ? e.field || '(body)' : `batch[${e.index}]`,
              message: e.message,
            })),
          );
        }
        throw new AppError(
          'validation_failed',
          `${result.errors.length} problem(s) in the request; nothing from it was stored.`,
          result.errors.map((e) => ({
            index: e.index,
            field:
              e.index === null ? e.field || '(body)' : `batch[${e.index}]${e.field ? `.${e.field}` : ''}`,
            message: e.message,
          })),
        );
      }
      const batchSentAt = kind === 'batch' ? (body as { sentAt?: unknown }).sentAt : undefined;
      await ingestBatch({
        workspaceId,
        messages: result.messages,
        receivedAt,
        ...(typeof batchSentAt === 'string' ? { batchSentAt } : {}),
      });
      return { success: true };
    };

    const schema = (summary: string) => ({
      tags: ['ingestion'],
      summary,
      description:
        'Segment HTTP Tracking API. Authenticate with the workspace write key as the Basic-auth username ' +
        '(empty password) or `writeKey` in the body. Answers 200 only once every event is committed.',
      security: [],
      response: { 200: ingestAck, ...problems(400, 401, 413, 415) },
    });
    // validateMessages refuses unsafe text per event, in this API's own error shape.
    const perMessage = { textSafety: 'per-message' } as const;
    for (const kind of SINGLE) {
      app.post(
        `/v1/${kind}`,
        { bodyLimit: MAX_MESSAGE_BYTES, config: perMessage, schema: schema(`Record one ${kind} call`) },
        handle(kind),
      );
    }
    app.post(
      '/v1/batch',
      { bodyLimit: MAX_BATCH_BYTES, config: perMessage, schema: schema('Record a batch of calls') },
      handle('batch'),
    );
    app.post(
      '/v1/import',
      { bodyLimit: MAX_BATCH_BYTES, config: perMessage, schema: schema('Alias of /v1/batch') },
      handle('batch'),
    );
    const hidden = { hide: true };
    for (const [short, kind] of Object.entries(SHORT_PATHS)) {
      app.post(
        `/v1/${short}`,
        { bodyLimit: MAX_MESSAGE_BYTES, config: perMessage, schema: hidden },
        handle(kind),
      );
    }
    app.post('/v1/b', { bodyLimit: MAX_BATCH_BYTES, config: perMessage, schema: hidden }, handle('batch'));

    // The settings analytics.js loads from its CDN at start-up (point its `cdnURL` here): they send
    // the SDK's own calls to this server.
    app.get<{ Params: { writeKey: string } }>(
      '/v1/projects/:writeKey/settings',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'analytics.js settings: deliver to this server',
          security: [],
          response: { 200: sdkSettings, ...problems(404) },
        },
      },
      async (request) => {
        const principal = await authenticateWriteKey(deps, request.params.writeKey);
        if (!principal) throw new AppError('not_found', 'No source with this write key.');
        return {
          integrations: {
            'Segment.io': {
              apiKey: request.params.writeKey,
              ...apiEndpoint(opts.publicUrl, request),
            },
          },
          plan: { track: { __default: { enabled: true } } },
          enabledMiddleware: {},
          metrics: { sampleRate: 0 },
        };
      },
    );
  };
}
