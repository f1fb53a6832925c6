// Commenting on a lead: an @handle notifies that member (never the author), an unknown one stays
// text, and a lead that is not there is not_found with nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../store/schema/index.js';
import type { User } from '../store/users.js';
import { appErrorOf, principalOf } from '../../test/support/fixtures.js';
import { type HandoffWorld, handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { storedRows } from '../../test/support/stored-rows.js';
import { commentOnLead } from './lead-comments.js';

const t = handoffTest();
let world: HandoffWorld;
let marketer: User;

beforeAll(async () => {
  world = await t.world('file');
  marketer = await world.ws.member('marketing', 'maria');
});

const mentionsOn = async (leadId: string) =>
  storedRows(t.db, notifications, { workspaceId: world.ws.workspace.id, leadId, type: 'mention' });

describe('commentOnLead', () => {
  it('notifies each member named once, not the author, and keeps unknown handles as text', async () => {
    const lead = await qualifiedLead(world);
    const a1 = world.reps.a1!;
    const posted = await commentOnLead(world.deps, principalOf(marketer), lead, {
      body: '@a1 this one came from the webinar, @A1 again, @maria (me) and @nobody',
    });
    expect(posted.author).toEqual({ type: 'user', id: marketer.id, name: marketer.name });
    expect(posted.mentions.map((m) => [m.userId, m.name])).toEqual([
      [a1.id, a1.name],
      [marketer.id, marketer.name],
    ]);
    expect(posted.unknownMentions).toEqual(['nobody']);
    const told = await mentionsOn(lead);
    expect(told.map((n) => n.userId)).toEqual([a1.id]);
    expect(told[0]!.data).toMatchObject({ lead: { id: lead }, commentId: posted.id, by: marketer.name });
  });

  it('cuts a long comment to an excerpt in the notification, and keeps it whole in the comment', async () => {
    const lead = await qualifiedLead(world);
    const body = `@e1 ${'x'.repeat(400)}`;
    const posted = await commentOnLead(world.deps, principalOf(marketer), lead, { body });
    expect(posted.body).toBe(body);
    const [told] = await mentionsOn(lead);
    expect(told!.body.length).toBeLessThan(body.length);
    expect(body.startsWith(told!.body.slice(0, -1))).toBe(true);
  });

  it('answers not_found for a lead that is not there, notifying no one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const err = await appErrorOf(
      commentOnLead(world.deps, principalOf(marketer), missing, { body: '@a1 hi' }),
    );
    expect(err.code).toBe('not_found');
    expect(await mentionsOn(missing)).toEqual([]);
  });
});
