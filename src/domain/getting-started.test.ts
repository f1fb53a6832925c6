import { describe, expect, it } from 'vitest';
import { type WorkspaceFootprint, decideGettingStarted } from './getting-started.js';

const fresh: WorkspaceFootprint = {
  activeMembers: 1,
  teams: 0,
  writeKeys: 1,
  writeKeysUsed: 0,
  hasEvents: false,
  activatedAgreementVersions: 1,
  agreementReviewedAt: null,
};

const done = (f: WorkspaceFootprint) =>
  Object.fromEntries(decideGettingStarted(f).steps.map((s) => [s.id, s.isDone]));

describe('the getting-started checklist', () => {
  it('has nothing done in a workspace just set up, in the order an admin goes', () => {
    const c = decideGettingStarted(fresh);
    expect(c.steps.map((s) => s.id)).toEqual([
      'invite_team',
      'set_up_teams',
      'copy_snippet',
      'first_event',
      'review_agreement',
    ]);
    expect(c).toMatchObject({ doneCount: 0, isComplete: false });
  });

  it('counts the team invited once someone besides the admin can sign in', () => {
    expect(done({ ...fresh, activeMembers: 2 }).invite_team).toBe(true);
  });

  it('says why the snippet step is open: no write key at all, or one nobody has used', () => {
    const reason = (f: WorkspaceFootprint) => decideGettingStarted(f).steps[2]?.reason;
    expect(reason({ ...fresh, writeKeys: 0 })).toBe('no_write_key');
    expect(reason(fresh)).toBe('write_key_unused');
    expect(reason({ ...fresh, writeKeysUsed: 1 })).toBe('write_key_used');
  });

  it('takes the agreement as reviewed when an admin read it or a second version was published', () => {
    expect(done({ ...fresh, agreementReviewedAt: new Date() }).review_agreement).toBe(true);
    const published = decideGettingStarted({ ...fresh, activatedAgreementVersions: 2 }).steps[4];
    expect(published).toEqual({ id: 'review_agreement', isDone: true, reason: 'agreement_published' });
  });

  it('is complete when every step is done', () => {
    const all = decideGettingStarted({
      activeMembers: 3,
      teams: 1,
      writeKeys: 1,
      writeKeysUsed: 1,
      hasEvents: true,
      activatedAgreementVersions: 1,
      agreementReviewedAt: new Date(),
    });
    expect(all).toMatchObject({ doneCount: 5, isComplete: true });
  });
});
