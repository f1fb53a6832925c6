// A micro-batch whose fold fails is retried lead by lead: one poisoned lead waits (attempts counted,
// error kept, backoff) while the others of its batch are folded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { foldOutcome, leadOfUser, poisonLeadByEmail, queuedRowsOf } from '../../test/support/fold.js';
import { validateMessages } from '../domain/segment-spec.js';
import type { Db } from '../store/db.js';
import { createAppServices } from './app-services.js';
import type { Logger } from './deps.js';
import { createFolder, eventsWaiting } from './fold.js';

let db: Db;
let lift: (() => Promise<void>) | null = null;
beforeAll(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await lift?.();
  lift = null;
});
afterAll(async () => {
  await db.close();
});

const NOW = new Date('2026-05-04T12:00:00Z');

function recordingLogger(): Logger & { errors: Record<string, unknown>[] } {
  const errors: Record<string, unknown>[] = [];
  const ignore = () => undefined;
  return { errors, info: ignore, debug: ignore, warn: ignore, error: (obj) => void errors.push({ ...obj }) };
}

const person = (userId: string, email: string) => [
  { type: 'identify', userId, traits: { email, title: 'VP Marketing' } },
  { type: 'track', userId, event: 'Demo Requested' },
];

describe('a fold micro-batch that fails', () => {
  it('folds the other leads and leaves the failing one queued with its attempts, error and backoff', async () => {
    const log = recordingLogger();
    let now = NOW;
    const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
    const deps = { ...testDeps(db, () => now), log };
    const services = createAppServices(deps, { autoFold: false });
    const folder = createFolder(deps);
    const ws = await makeWorkspace(deps);
    const badEmail = `bad-${ws.workspace.id.slice(0, 8)}@poison.example`;
    lift = await poisonLeadByEmail(db, badEmail);
    const valid = validateMessages(
      {
        batch: [
          ...person('ok1', 'ok1@bigco.com'),
          ...person('bad', badEmail),
          ...person('ok2', 'ok2@bigco.com'),
        ],
      },
      'batch',
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    await services.ingestBatch({ workspaceId: ws.workspace.id, messages: valid.messages, receivedAt: NOW });
    const bad = await leadOfUser(db, ws.workspace.id, 'bad');

    await folder.drain();
    const stages = async () =>
      Object.fromEntries(
        ((await foldOutcome(db, ws.workspace.id)) as { leads: { who: string; stage: string }[] }).leads.map(
          (l) => [l.who, l.stage],
        ),
      );
    expect(await stages()).toEqual({ ok1: 'mql', ok2: 'mql', bad: 'lead' });
    const rows = await queuedRowsOf(db, ws.workspace.id, bad);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.attempts).toBe(1);
      expect(r.retryAt).toEqual(new Date(NOW.getTime() + 10_000));
      expect(r.lastError).toMatch(/poisoned lead/);
    }
    expect(log.errors).toContainEqual(
      expect.objectContaining({ workspaceId: ws.workspace.id, leadId: bad, attempts: 1 }),
    );

    // While it backs off, its new events wait with it and nobody retries it.
    later(9);
    const more = validateMessages({ type: 'track', userId: 'bad', event: 'Pricing Viewed' }, 'track');
    if (!more.ok) throw new Error(JSON.stringify(more.errors));
    await services.ingestBatch({ workspaceId: ws.workspace.id, messages: more.messages, receivedAt: NOW });
    await folder.drain();
    expect(await eventsWaiting(deps, ws.workspace.id, bad)).toBe(3);
    expect((await queuedRowsOf(db, ws.workspace.id, bad)).map((r) => r.attempts)).toEqual([1, 1, 0]);

    // Still failing once the wait is over: the attempt is counted again and the wait doubles.
    later(2);
    await folder.drain();
    const again = await queuedRowsOf(db, ws.workspace.id, bad);
    expect(again.map((r) => r.attempts)).toEqual([2, 2, 2]);
    expect(again.map((r) => r.retryAt)).toEqual(again.map(() => new Date(now.getTime() + 20_000)));

    // Fixed, and its wait over: the lead is folded like the others, every event once.
    await lift();
    lift = null;
    later(21);
    await folder.drain();
    expect(await stages()).toEqual({ ok1: 'mql', ok2: 'mql', bad: 'mql' });
    expect(await queuedRowsOf(db, ws.workspace.id, bad)).toEqual([]);
    expect((await foldOutcome(db, ws.workspace.id)) as { unscored: number }).toMatchObject({ unscored: 0 });
  });
});
