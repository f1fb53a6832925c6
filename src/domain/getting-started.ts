// The first steps of a new workspace, and which of them are done, decided from what its data shows.

export const GETTING_STARTED_STEPS = [
  'invite_team',
  'set_up_teams',
  'copy_snippet',
  'first_event',
  'review_agreement',
] as const;
export type GettingStartedStepId = (typeof GETTING_STARTED_STEPS)[number];

/** What the workspace holds, gathered in one read (src/store/getting-started.ts). */
export interface WorkspaceFootprint {
  /** Members who can sign in (not deactivated), the admin included. */
  activeMembers: number;
  teams: number;
  /** Write keys that are not revoked, and how many of them an SDK has used. */
  writeKeys: number;
  writeKeysUsed: number;
  hasEvents: boolean;
  /** Agreement versions ever activated (the first one comes with the workspace). */
  activatedAgreementVersions: number;
  agreementReviewedAt: Date | null;
}

export interface GettingStartedStep {
  id: GettingStartedStepId;
  isDone: boolean;
  /** Why it counts as done, or what is still missing: a stable code for the UI and tests. */
  reason: string;
}

export interface GettingStarted {
  steps: GettingStartedStep[];
  doneCount: number;
  isComplete: boolean;
}

function step(id: GettingStartedStepId, isDone: boolean, done: string, missing: string): GettingStartedStep {
  return { id, isDone, reason: isDone ? done : missing };
}

export function decideGettingStarted(f: WorkspaceFootprint): GettingStarted {
  const steps = [
    step('invite_team', f.activeMembers > 1, 'members_joined', 'only_the_admin'),
    step('set_up_teams', f.teams > 0, 'teams_exist', 'no_team'),
    // The snippet carries a write key: it has been put to work once an SDK has called with it.
    step(
      'copy_snippet',
      f.writeKeysUsed > 0,
      'write_key_used',
      f.writeKeys > 0 ? 'write_key_unused' : 'no_write_key',
    ),
    step('first_event', f.hasEvents, 'event_received', 'no_event'),
    step(
      'review_agreement',
      f.activatedAgreementVersions > 1 || f.agreementReviewedAt !== null,
      f.activatedAgreementVersions > 1 ? 'agreement_published' : 'agreement_reviewed',
      'agreement_not_reviewed',
    ),
  ];
  const doneCount = steps.filter((s) => s.isDone).length;
  return { steps, doneCount, isComplete: doneCount === steps.length };
}
