// The demo workspace: a realistic company people can sign in to right after `npm start`.
import type { Agreement } from '../domain/agreement.js';
import { defaultAgreement } from '../domain/default-agreement.js';
import type { Role } from '../domain/roles.js';
import type { AuditActor } from '../store/audit-log.js';
import { findWorkspaceBySlug, purgeWorkspace } from '../store/workspaces.js';
import { hashPassword } from './credentials.js';
import type { Deps } from './deps.js';
import { addUser, createWorkspace } from './workspaces.js';

export const DEMO_SLUG = 'demo';
export const DEMO_PASSWORD = 'tandem-demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.tandem.dev';

const SYSTEM: AuditActor = { type: 'system', id: null, label: 'demo set-up' };

export interface DemoMember {
  email: string;
  name: string;
  role: Role;
  timeZone: string;
}

/** The people of the demo company; reps in three territories so routing has work to do. */
export const DEMO_MEMBERS: DemoMember[] = [
  {
    email: 'marketing@demo.tandem.dev',
    name: 'Maya Marketing',
    role: 'marketing',
    timeZone: 'America/New_York',
  },
  {
    email: 'manager@demo.tandem.dev',
    name: 'Sam Manager',
    role: 'sales_manager',
    timeZone: 'America/New_York',
  },
  { email: 'rep@demo.tandem.dev', name: 'Riley Rep', role: 'sales_rep', timeZone: 'America/New_York' },
  { email: 'jordan@demo.tandem.dev', name: 'Jordan Avery', role: 'sales_rep', timeZone: 'America/Chicago' },
  { email: 'lena@demo.tandem.dev', name: 'Lena Vogel', role: 'sales_rep', timeZone: 'Europe/Berlin' },
  { email: 'tom@demo.tandem.dev', name: 'Tom Okafor', role: 'sales_rep', timeZone: 'Europe/London' },
  { email: 'mei@demo.tandem.dev', name: 'Mei Tanaka', role: 'sales_rep', timeZone: 'Asia/Singapore' },
];

/**
 * The shipped agreement with marketing's commitment sized to the demo company: its generated
 * history qualifies about sixty leads a month, so it commits to seventy (and is a little behind).
 */
export function demoAgreement(): { document: Agreement; note: string } {
  const document = defaultAgreement();
  document.marketing = { ...document.marketing, mqlCommitment: 70 };
  return { document, note: 'The default agreement, with a commitment sized to a small company.' };
}

/** What fills the demo workspace: a history that starts at `historyStart(now)`, written by `fill`. */
export interface DemoSeeder {
  historyStart(now: Date): Date;
  fill(deps: Deps, workspaceId: string): Promise<void>;
}

/** Creates the demo workspace (replacing an existing one when `replace`); returns false if it existed. */
export async function ensureDemoWorkspace(
  deps: Deps,
  opts: { replace: boolean; seed: DemoSeeder },
): Promise<{ created: boolean; workspaceId: string }> {
  const existing = await findWorkspaceBySlug(deps.db, DEMO_SLUG);
  if (existing && !opts.replace) return { created: false, workspaceId: existing.id };
  if (existing) await deps.db.transaction((tx) => purgeWorkspace(tx, existing.id));
  // Everyone in the demo shares one password: hash it once (argon2 is slow on purpose). It is set
  // as a hash, so it skips the password rule on purpose: it is published, not chosen by a person,
  // and it only works from the machine the demo runs on (sessions.ts).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // The company, and version 1 of its agreement, have been in force since its history began: past
  // months are judged against the commitment of their time, as a real workspace's would be.
  const since = opts.seed.historyStart(deps.clock());
  const { workspace } = await createWorkspace({ ...deps, clock: () => since }, SYSTEM, {
    createdAt: since,
    slug: DEMO_SLUG,
    name: 'Acme Analytics (demo)',
    timeZone: 'America/New_York',
    agreement: demoAgreement(),
    admin: {
      email: DEMO_ADMIN_EMAIL,
      name: 'Alex Admin',
      role: 'admin',
      password: null,
      passwordHash,
      timeZone: 'America/New_York',
    },
  });
  await deps.db.transaction(async (tx) => {
    for (const m of DEMO_MEMBERS)
      await addUser(tx, SYSTEM, workspace.id, { ...m, password: null, passwordHash });
  });
  await opts.seed.fill(deps, workspace.id);
  return { created: true, workspaceId: workspace.id };
}
