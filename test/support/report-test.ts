// The set-up of the report and planner API tests: one workspace whose clock stands at noon on
// 15 June 2026, with its app, both closed after the file; seeded days happen at 09:00 UTC.
import { type WorkspaceTest, workspaceTest } from './workspace-test.js';

/** Mid-June 2026: 14.5 of June's 30 days and 75.5 of Q2's 91 days have gone. */
export const MID_JUNE_2026 = new Date('2026-06-15T12:00:00Z');

/** `2026-03-20` → 09:00 UTC that day, when the seeded leads move. */
export const nineAm = (day: string): string => `${day}T09:00:00Z`;

/** The workspace began with 2026, before the history the files seed (and the agreement with it). */
export function reportTest(): WorkspaceTest {
  return workspaceTest({
    clock: () => MID_JUNE_2026,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    server: true,
  });
}
