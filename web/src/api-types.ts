// The resources of /api/v1 as the web app sees them (see /api/openapi.json).
import type { Agreement, FitGrade, RejectReason } from '../../src/domain/agreement.js';
import type { Role } from '../../src/domain/roles.js';
import type { Stage } from '../../src/domain/stages.js';

export type { Agreement, FitGrade, RejectReason, Role, Stage };

export interface Session {
  user: { id: string; email: string; name: string; role: Role; timeZone: string };
  workspace: { id: string; slug: string; name: string; timeZone: string };
  csrfToken: string;
}

export interface Lead {
  id: string;
  email: string | null;
  emailDomain: string | null;
  emailDomainType: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  titleFunction: string | null;
  titleSeniority: string | null;
  company: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  region: string | null;
  phone: string | null;
  website: string | null;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  ownerId: string | null;
  accountId: string | null;
  externalId: string | null;
  traits: Record<string, unknown>;
  stage: Stage;
  stageEnteredAt: string;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string | null;
  fitGrade: FitGrade;
  fitPoints: number;
  /** Decayed engagement now, under the active agreement. */
  engagement: number;
  owner: NamedRef | null;
  account: NamedRef | null;
}

export interface NamedRef {
  id: string;
  name: string;
}

/** Why a lead scores what it scores: fit rules that matched, and the engagement ledger. */
export interface ScoreExplanation {
  agreementVersion: number;
  fit: {
    grade: FitGrade;
    points: number;
    contributions: { ruleId: string; label: string; points: number }[];
  };
  engagement: {
    /** The total now; the `byRule` lines' `decayed` add up to it (rounded as displayed). */
    score: number;
    band: number;
    halfLifeDays: number;
    byRule: { ruleId: string; label: string; count: number; points: number; decayed: number }[];
    recent: { ruleId: string; label: string; eventId: string; points: number; at: string; decayed: number }[];
    lines: number;
  };
  /** Fit grade then engagement band, e.g. "B2". */
  cell: string;
  qualifyingCells: string[];
}

export interface LeadDetail extends Lead {
  score: ScoreExplanation;
  /** Events accepted but not scored yet (score and stage follow within moments). */
  eventsWaiting: number;
}

/** Something a lead did: a Segment call as it was received. */
export interface LeadEvent {
  id: number;
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  occurredAt: string;
  receivedAt: string;
  /** When it was scored; null while it waits. */
  scoredAt: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** One change of stage: from, to, when, who and why. */
export interface Transition {
  id: number;
  fromStage: string | null;
  toStage: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  reason: string;
  reasonCode: string | null;
  ruleId: string | null;
  note: string | null;
  agreementVersion: number;
  ownerId: string | null;
}

export type SlaState = 'on_track' | 'warning' | 'breached';

/** A running SLA clock as the inbox shows it; business time is in the owner's calendar. */
export interface SlaClock {
  id: string;
  policyId: string;
  clock: string;
  stage: string;
  startedAt: string;
  warnAt: string;
  dueAt: string;
  state: SlaState;
  /** Business time until dueAt when the server answered; negative once overdue. */
  businessMsLeft: number;
  label: string;
}

export interface InboxItem {
  lead: Lead;
  clocks: SlaClock[];
  /** The clock that matters most: breached, then warning, then on track; soonest due first. */
  urgent: SlaClock | null;
}

export interface Assignment {
  id: number;
  ownerId: string | null;
  previousOwnerId: string | null;
  teamId: string | null;
  kind: string;
  ruleId: string | null;
  reason: string;
  at: string;
}

/** An SLA clock of a lead, running or not (the hand-off history). */
export interface SlaClockRecord {
  id: string;
  policyId: string;
  clock: string;
  stage: string;
  ownerId: string | null;
  status: string;
  startedAt: string;
  warnAt: string;
  dueAt: string;
  warnedAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  stopReason: string | null;
}

export interface Handoff {
  assignments: Assignment[];
  clocks: SlaClockRecord[];
}

export type TouchKind = 'call' | 'email' | 'meeting' | 'linkedin' | 'note';

export interface RepLoad {
  userId: string;
  name: string;
  weight: number;
  capacity: number | null;
  openLeads: number;
  active: boolean;
  outOfOffice: { startsAt: string; endsAt: string; note: string | null } | null;
  warnings: number;
  breaches: number;
}

export interface TeamView {
  teams: {
    id: string;
    key: string;
    name: string;
    timeZone: string;
    managerId: string | null;
    reps: RepLoad[];
  }[];
  /** Qualified leads nobody owns yet. */
  queue: InboxItem[];
  /** Leads whose SLA clock warned or breached. */
  alerts: (InboxItem & { ownerName: string | null })[];
}

export interface MarketingCommitment {
  period: string;
  from: string;
  to: string;
  commitment: { mqls: number; minAcceptanceRate: number };
  mqls: number;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected); null before sales decided on any. */
  acceptanceRate: number | null;
  expectedByNow: number;
  isVolumeOnTrack: boolean;
  isAcceptanceOnTrack: boolean | null;
  rejectionReasons: { reason: string; count: number }[];
}

export interface AgreementVersion {
  version: number;
  status: 'draft' | 'active' | 'retired';
  document: Agreement;
  note: string | null;
  createdBy: string;
  createdAt: string;
  activatedAt: string | null;
  activatedBy: string | null;
}

export interface TeamMember {
  userId: string;
  weight: number;
  /** Most open leads the rep holds at once; null: no limit. */
  capacity: number | null;
  /** Whether the rep takes new leads. */
  active: boolean;
}

export interface Team {
  id: string;
  key: string;
  name: string;
  calendar: { timeZone: string; week: Record<string, [string, string][]>; holidays: string[] };
  managerId: string | null;
  members: TeamMember[];
  createdAt: string;
}

export interface Absence {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

export interface AppNotification {
  id: number;
  type: string;
  title: string;
  body: string;
  leadId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

export interface WebhookDelivery {
  /** The webhook-id header: the same on every attempt. */
  id: string;
  subscriptionId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** Public facts for the sign-in page. */
export interface Meta {
  demo: { workspace: string; email: string; password: string } | null;
}

export interface Account {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  region: string | null;
  ownerId: string | null;
  externalId: string | null;
  groupId: string | null;
  traits: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  createdAt: string;
  disabled: boolean;
}

export type ApiKeyType = 'secret' | 'write';

export interface ApiKey {
  id: string;
  type: ApiKeyType;
  role: Role | null;
  name: string;
  keyPrefix: string;
  /** Write keys are public and stay visible; secret keys are shown only once, at creation. */
  writeKey: string | null;
  /** Who made the key (null: the CLI); a secret key stops working while its creator is deactivated. */
  createdBy: { id: string; name: string; email: string; active: boolean } | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** One page of a list; pass `nextCursor` back as `cursor` for the next one (null: no more). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface LeadFilter {
  q?: string;
  stage?: Stage[];
  /** A member's id, `me`, or `none` for unassigned leads. */
  ownerId?: string;
  accountId?: string;
  source?: string;
}

export interface AccountFilter {
  q?: string;
  industry?: string;
  ownerId?: string;
}
