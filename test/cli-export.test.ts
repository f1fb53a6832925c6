// `tandem export` and `tandem import workspace`, called in process (a spawned CLI costs seconds), and
// the admin's JSON Lines download from the API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportList, importWorkspaceCommand } from '../src/cli/export-commands.js';
import type { Deps } from '../src/services/deps.js';
import type { Db } from '../src/store/db.js';
import { findWorkspaceBySlug } from '../src/store/workspaces.js';
import { openTestWorkspace, type TestWorkspace, testApp } from './support/fixtures.js';
import { workspaceFingerprint } from './support/workspace-fingerprint.js';

let db: Db;
let deps: Deps;
let ws: TestWorkspace;
let app: FastifyInstance;
let auth: { authorization: string };
let dir: string;

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

beforeAll(async () => {
  ({ db, deps, ws } = await openTestWorkspace());
  app = await testApp(deps);
  auth = { authorization: `Bearer ${await ws.key('admin')}` };
  for (const [i, source] of ['google', 'linkedin', 'google'].entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: auth,
      payload: { email: `cli${i}@export.example`, source, company: i === 0 ? '=cmd|calc' : 'Plain' },
    });
    expect(res.statusCode).toBe(201);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-export-'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tandem export <list>', () => {
  it('writes the same CSV as the API, with the filters given', async () => {
    const { out, text } = capture();
    await exportList(
      deps,
      'leads',
      { workspace: ws.workspace.slug, filter: ['source=google', 'sort=createdAt'] },
      out,
    );
    const api = await app.inject({
      url: '/api/v1/leads?format=csv&source=google&sort=createdAt',
      headers: auth,
    });
    expect(text()).toBe(api.body);
    expect(text().trimEnd().split('\n')).toHaveLength(3);
    expect(text()).toContain("'=cmd|calc");

    const file = path.join(dir, 'members.csv');
    await exportList(deps, 'members', { workspace: ws.workspace.slug, filter: [], out: file }, capture().out);
    expect(readFileSync(file, 'utf8')).toContain(ws.admin.email);
  });

  it('names the list, the filter or the record that is wrong', async () => {
    const o = { workspace: ws.workspace.slug, filter: [] };
    await expect(exportList(deps, 'nothing', o, capture().out)).rejects.toThrow(
      /no list "nothing"; one of workspace, .*leads/,
    );
    await expect(
      exportList(deps, 'leads', { ...o, filter: ['sort=score'] }, capture().out),
    ).rejects.toMatchObject({
      errors: [{ field: '--filter sort' }],
    });
    await expect(exportList(deps, 'lead-events', o, capture().out)).rejects.toThrow(/--id/);
    await expect(
      exportList(deps, 'leads', { ...o, workspace: 'no-such-ws' }, capture().out),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('tandem export workspace / tandem import workspace', () => {
  it('round-trips the workspace through a file into a new one', async () => {
    const file = path.join(dir, 'ws.jsonl');
    const { out, text } = capture();
    await exportList(deps, 'workspace', { workspace: ws.workspace.slug, filter: [], out: file }, out);
    expect(text()).toMatch(/^exported \d+ rows/);
    const slug = `cli-${ws.workspace.slug}`;
    await importWorkspaceCommand(deps, file, slug, capture().out);
    const copy = await findWorkspaceBySlug(db, slug);
    const strip = (f: Awaited<ReturnType<typeof workspaceFingerprint>>) => {
      delete f.api_keys;
      delete f.sessions;
      return f;
    };
    expect(strip(await workspaceFingerprint(db, copy!.id, { ignoringWorkspaceId: true }))).toEqual(
      strip(await workspaceFingerprint(db, ws.workspace.id, { ignoringWorkspaceId: true })),
    );
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    await expect(importWorkspaceCommand(deps, bad, 'bad-import', capture().out)).rejects.toMatchObject({
      errors: [{ field: 'file' }],
    });
  });
});

describe('GET /api/v1/workspace/export', () => {
  it('downloads the workspace as JSON Lines for an admin, and for nobody else', async () => {
    const res = await app.inject({ url: '/api/v1/workspace/export', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    const lines = res.body.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'tandem-workspace', version: 1 });
    expect(lines.filter((l) => l.startsWith('{"table":"leads"'))).toHaveLength(3);
    expect(res.body).not.toContain('"table":"api_keys"');
    const rep = await app.inject({
      url: '/api/v1/workspace/export',
      headers: { authorization: `Bearer ${await ws.key('marketing')}` },
    });
    expect(rep.statusCode).toBe(403);
  });
});
