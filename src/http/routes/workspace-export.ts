// /api/v1/workspace/export: the whole workspace as JSON Lines, for an admin (see workspace-transfer.ts).
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import { exportWorkspaceToFile } from '../../services/workspace-transfer.js';
import { getWorkspace } from '../../store/workspaces.js';
import { principal } from '../auth.js';
import { problems } from '../schemas.js';

export function workspaceExportRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/workspace/export',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['workspace'],
          summary:
            'The whole workspace as JSON Lines (a header line, then {"table", "row"} per row), to import with `tandem import workspace`; sessions, API keys and pending invitation or reset links are left out',
          produces: ['application/x-ndjson'],
          response: { 200: z.string(), ...problems(401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const workspace = await getWorkspace(deps.db, p.workspaceId);
        // Written to a file first: the database's snapshot is not held open while a client downloads.
        const dir = await mkdtemp(path.join(tmpdir(), 'tandem-export-'));
        const file = path.join(dir, 'workspace.jsonl');
        const removeDir = () => rm(dir, { recursive: true, force: true });
        try {
          await exportWorkspaceToFile(deps, p.workspaceId, file);
        } catch (err) {
          await removeDir();
          throw err;
        }
        const stream = createReadStream(file);
        stream.on('close', () => void removeDir());
        return (
          reply
            .header('content-type', 'application/x-ndjson')
            .header('content-disposition', `attachment; filename="${workspace?.slug ?? 'workspace'}.jsonl"`)
            // A stream is sent as it is (never serialized); the schema's string only documents it.
            .send(stream as unknown as string)
        );
      },
    );
  };
}
