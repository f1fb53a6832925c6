// /api/v1/agreement: the version in force, the draft (JSON, or YAML for editing), activation and
// the progress of the rescore every activation starts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import type { AgreementVersion } from '../../store/agreements.js';
import { agreementVersions } from '../../store/agreements.js';
import { type RescoreRun, getRescoreRun, latestRescoreRuns } from '../../store/rescore-runs.js';
import { activateAgreement, readAgreements, saveDraft } from '../../services/agreements.js';
import type { Deps } from '../../services/deps.js';
import { discardDraft } from '../../services/discard-draft.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';

const versionSchema = z
  .object({
    version: z.number(),
    status: z.enum(['draft', 'active', 'retired']),
    document: z.unknown(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: timestamp,
    activatedAt: timestamp.nullable(),
    activatedBy: z.string().nullable(),
  })
  .meta({ id: 'AgreementVersion' });

const versionDto = (v: AgreementVersion, withDocument = true): z.infer<typeof versionSchema> => ({
  version: v.version,
  status: v.status,
  document: withDocument ? v.document : undefined,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
  activatedAt: v.activatedAt,
  activatedBy: v.activatedBy,
});

const runSchema = z
  .object({
    id: z.string(),
    agreementVersion: z.number(),
    status: z.string(),
    total: z.number(),
    done: z.number(),
    transitions: z.number(),
    error: z.string().nullable(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'RescoreRun' });

const runDto = (r: RescoreRun): z.infer<typeof runSchema> => ({
  id: r.id,
  agreementVersion: r.agreementVersion,
  status: r.status,
  total: r.total,
  done: r.done,
  transitions: r.transitions,
  error: r.error,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function agreementRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/agreement',
      {
        config: { permission: 'agreement:read' },
        schema: {
          tags: ['agreement'],
          summary: 'The agreement in force and the draft being edited',
          response: {
            200: z.object({ active: versionSchema, draft: versionSchema.nullable() }),
            ...problems(401, 403),
          },
        },
      },
      async (request) => {
        const { active, draft } = await readAgreements(deps, principal(request).workspaceId);
        return { active: versionDto(active), draft: draft ? versionDto(draft) : null };
      },
    );

    r.get(
      '/api/v1/agreement/versions',
      {
        config: { permission: 'agreement:read' },
        schema: {
          tags: ['agreement'],
          summary: 'Every version, newest first (documents left out)',
          response: { 200: z.object({ data: z.array(versionSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({
        data: (await agreementVersions(deps.db, principal(request).workspaceId)).map((v) =>
          versionDto(v, false),
        ),
      }),
    );

    r.put(
      '/api/v1/agreement/draft',
      {
        config: { permission: 'agreement:write' },
        schema: {
          tags: ['agreement'],
          summary:
            'Save the draft: JSON `{document, note}`, or the document as YAML (Content-Type: application/yaml)',
          body: z.union([
            z.object({ document: z.unknown(), note: z.string().max(2000).optional() }).strict(),
            z.string(),
          ]),
          response: { 200: versionSchema, ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const body = request.body;
        const draft =
          typeof body === 'string'
            ? await saveDraft(deps, auditActorOf(p), p.workspaceId, { text: body, format: 'yaml' }, null)
            : await saveDraft(
                deps,
                auditActorOf(p),
                p.workspaceId,
                { document: body.document },
                body.note ?? null,
              );
        return versionDto(draft);
      },
    );

    r.delete(
      '/api/v1/agreement/draft',
      {
        config: { permission: 'agreement:write' },
        schema: {
          tags: ['agreement'],
          summary: 'Discard the draft',
          response: { 204: z.null(), ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await discardDraft(deps, auditActorOf(p), p.workspaceId);
        return reply.code(204).send(null);
      },
    );

    r.post(
      '/api/v1/agreement/activate',
      {
        config: { permission: 'agreement:write' },
        schema: {
          tags: ['agreement'],
          summary: 'Activate the draft; every lead is rescored under it in the background',
          response: {
            200: z.object({ active: versionSchema, rescoreRunId: z.string() }),
            ...problems(400, 401, 403, 409),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const { version, rescoreRunId } = await activateAgreement(deps, auditActorOf(p), p.workspaceId);
        return { active: versionDto(version), rescoreRunId };
      },
    );

    r.get(
      '/api/v1/agreement/rescores',
      {
        config: { permission: 'agreement:read' },
        schema: {
          tags: ['agreement'],
          summary: 'Recent rescore runs with their progress',
          response: { 200: z.object({ data: z.array(runSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({
        data: (await latestRescoreRuns(deps.db, principal(request).workspaceId)).map(runDto),
      }),
    );

    r.get(
      '/api/v1/agreement/rescores/:id',
      {
        config: { permission: 'agreement:read' },
        schema: {
          tags: ['agreement'],
          summary: 'One rescore run: how many leads are done out of how many',
          params: z.object({ id: z.uuid() }).strict(),
          response: { 200: runSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const run = await getRescoreRun(deps.db, principal(request).workspaceId, request.params.id);
        if (!run) throw notFound('Rescore run');
        return runDto(run);
      },
    );
  };
}
