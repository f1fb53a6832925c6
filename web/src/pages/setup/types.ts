// Types of /api/v1/setup and /api/v1/getting-started, as the server's zod schemas describe them
// (src/http/routes/setup.ts); kept here until the web app's types are generated from the OpenAPI document.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SetupState {
  /** True while no company workspace exists: the setup page is open. */
  available: boolean;
}

export interface SetupInput {
  companyName: string;
  slug: string;
  timeZone: string;
  businessHours: { days: Weekday[]; from: string; to: string };
  admin: { name: string; email: string; password: string };
}

export const GETTING_STARTED_STEPS = [
  'invite_team',
  'set_up_teams',
  'copy_snippet',
  'first_event',
  'review_agreement',
] as const;
export type GettingStartedStepId = (typeof GETTING_STARTED_STEPS)[number];

export interface GettingStarted {
  steps: { id: GettingStartedStepId; isDone: boolean; reason: string }[];
  doneCount: number;
  isComplete: boolean;
}
