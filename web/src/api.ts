// The web app's client for /api/v1: typed resources, the CSRF header, and problem+json errors as ApiError.
import type { Agreement, FitGrade, RejectReason } from '../../src/domain/agreement.js';
import type { Role } from '../../src/domain/roles.js';
import type { Stage } from '../../src/domain/stages.js';

export type { Agreement, FitGrade, RejectReason, Role, Stage };

// ---------------------------------------------------------------------------------------------
// Resources, as the API returns them (see /api/openapi.json).

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

// ---------------------------------------------------------------------------------------------
// Errors.

export interface FieldError {
  /** Dotted path as the server names it: `email`, `body.email`, `query.limit`, `batch.3.event`. */
  field: string;
  message: string;
  index?: number | null;
}

/** A failed request: the server's RFC 9457 problem, or a network failure (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];

  constructor(p: { status: number; code: string; title: string; detail: string; errors?: FieldError[] }) {
    super(p.detail);
    this.status = p.status;
    this.code = p.code;
    this.title = p.title;
    this.detail = p.detail;
    this.errors = p.errors ?? [];
  }

  /** The message for one form field; `email` matches `email` and `body.email`. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => fieldName(e.field) === field)?.message;
  }

  /** Whether any error names one of `fields` (so the form shows it there, not only in a banner). */
  hasFieldErrors(fields: readonly string[]): boolean {
    return this.errors.some((e) => fields.includes(fieldName(e.field)));
  }
}

const LOCATION_PREFIX = /^(body|query|path|header)\./;
const fieldName = (field: string): string => field.replace(LOCATION_PREFIX, '');

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

// ---------------------------------------------------------------------------------------------
// Transport.

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
const expiredListeners = new Set<() => void>();

/** Called when a signed-in request comes back 401 (the session expired or was revoked). */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function problemOf(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const p = (await res.json()) as Partial<{
        title: string;
        detail: string;
        code: string;
        errors: FieldError[];
      }>;
      return new ApiError({
        status: res.status,
        code: p.code ?? `http_${res.status}`,
        title: p.title ?? res.statusText,
        detail: p.detail ?? p.title ?? `The server answered ${res.status}.`,
        errors: Array.isArray(p.errors) ? p.errors : [],
      });
    } catch {
      // Not JSON after all: fall through to the generic message.
    }
  }
  return new ApiError({
    status: res.status,
    code: `http_${res.status}`,
    title: res.statusText || 'Request failed',
    detail:
      res.status >= 500
        ? `The server could not answer (${res.status}). Try again in a moment.`
        : `The request failed (${res.status}).`,
  });
}

/** One call to /api/v1; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({
      status: 0,
      code: 'network',
      title: 'Network error',
      detail: 'Could not reach the Tandem server. Check your connection and try again.',
    });
  }
  if (!res.ok) {
    const error = await problemOf(res);
    if (res.status === 401 && path !== '/session') for (const listener of expiredListeners) listener();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Resources.

const leadPath = (id: string, sub?: string) => `/leads/${encodeURIComponent(id)}${sub ? `/${sub}` : ''}`;

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  session: {
    /** The signed-in session, or null when nobody is signed in. */
    async read(signal?: AbortSignal): Promise<Session | null> {
      try {
        return remember(await request<Session>('GET', '/session', { signal }));
      } catch (err) {
        if (isApiError(err) && err.status === 401) {
          csrfToken = null;
          return null;
        }
        throw err;
      }
    },
    async signIn(input: { workspace: string; email: string; password: string }): Promise<Session> {
      return remember(await request<Session>('POST', '/session', { body: input }));
    },
    async signOut(): Promise<void> {
      try {
        await request<void>('DELETE', '/session');
      } finally {
        csrfToken = null;
      }
    },
  },
  meta: {
    read: (signal?: AbortSignal) => request<Meta>('GET', '/meta', { signal }),
  },
  leads: {
    list: (filter: LeadFilter, cursor?: string | null, signal?: AbortSignal) =>
      request<Page<Lead>>('GET', '/leads', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) => request<LeadDetail>('GET', leadPath(id), { signal }),
    events: (id: string, cursor?: string | null, signal?: AbortSignal) =>
      request<Page<LeadEvent>>('GET', leadPath(id, 'events'), { query: { cursor, limit: 20 }, signal }),
    transitions: (id: string, signal?: AbortSignal) =>
      request<{ data: Transition[] }>('GET', leadPath(id, 'transitions'), { signal }),
    handoff: (id: string, signal?: AbortSignal) =>
      request<Handoff>('GET', leadPath(id, 'handoff'), { signal }),
    /** 409 with a sentence when the agreement does not allow the move for your role. */
    moveStage: (id: string, input: { to: Stage; reason: string }) =>
      request<Transition>('POST', leadPath(id, 'stage'), { body: input }),
    accept: (id: string, note?: string) =>
      request<Transition>('POST', leadPath(id, 'accept'), { body: note ? { note } : {} }),
    /** 400 naming `note` when the agreement wants a note with this reason. */
    reject: (id: string, input: { reason: RejectReason; note?: string }) =>
      request<Transition>('POST', leadPath(id, 'reject'), { body: input }),
    logTouch: (id: string, input: { kind: TouchKind; note?: string }) =>
      request<{ id: string; firstTouch: boolean }>('POST', leadPath(id, 'touches'), { body: input }),
    /** Managers: give the lead to a rep, or back to the queue with `ownerId: null`. */
    assign: (id: string, input: { ownerId: string | null; reason: string }) =>
      request<{ ownerId: string | null }>('POST', leadPath(id, 'assign'), { body: input }),
  },
  inbox: {
    list: (signal?: AbortSignal) => request<{ data: InboxItem[] }>('GET', '/inbox', { signal }),
  },
  teamView: {
    read: (signal?: AbortSignal) => request<TeamView>('GET', '/team-view', { signal }),
  },
  commitments: {
    marketing: (period: string | null, signal?: AbortSignal) =>
      request<MarketingCommitment>('GET', '/commitments/marketing', { query: { period }, signal }),
  },
  agreement: {
    read: (signal?: AbortSignal) =>
      request<{ active: AgreementVersion; draft: AgreementVersion | null }>('GET', '/agreement', { signal }),
  },
  teams: {
    list: (signal?: AbortSignal) => request<{ data: Team[] }>('GET', '/teams', { signal }),
    setMember: (teamId: string, userId: string, input: Omit<TeamMember, 'userId'>) =>
      request<void>('PUT', `/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`, {
        body: input,
      }),
    removeMember: (teamId: string, userId: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`),
  },
  outOfOffice: {
    list: (signal?: AbortSignal) => request<{ data: Absence[] }>('GET', '/out-of-office', { signal }),
    add: (input: { userId: string; startsAt: string; endsAt: string; note?: string }) =>
      request<Absence>('POST', '/out-of-office', { body: input }),
    remove: (id: string) => request<void>('DELETE', `/out-of-office/${encodeURIComponent(id)}`),
  },
  notifications: {
    list: (signal?: AbortSignal) =>
      request<Page<AppNotification> & { unreadCount: number }>('GET', '/notifications', {
        query: { limit: 20 },
        signal,
      }),
    markRead: (id: number) => request<AppNotification>('POST', `/notifications/${id}/read`),
    markAllRead: () => request<{ marked: number }>('POST', '/notifications/read-all'),
  },
  webhooks: {
    list: (signal?: AbortSignal) => request<{ data: WebhookSubscription[] }>('GET', '/webhooks', { signal }),
    /** The response's `secret` signs every delivery: the only time it can be read. */
    create: (input: { url: string; eventTypes: string[]; description?: string }) =>
      request<{ subscription: WebhookSubscription; secret: string }>('POST', '/webhooks', { body: input }),
    update: (id: string, input: Partial<Pick<WebhookSubscription, 'url' | 'eventTypes' | 'active'>>) =>
      request<WebhookSubscription>('PATCH', `/webhooks/${encodeURIComponent(id)}`, { body: input }),
    remove: (id: string) => request<WebhookSubscription>('DELETE', `/webhooks/${encodeURIComponent(id)}`),
    deliveries: (id: string, cursor?: string | null, signal?: AbortSignal) =>
      request<Page<WebhookDelivery>>('GET', `/webhooks/${encodeURIComponent(id)}/deliveries`, {
        query: { cursor, limit: 20 },
        signal,
      }),
    /** Queues a `webhook.test` delivery to this subscription alone. */
    sendTest: (id: string) => request<WebhookDelivery>('POST', `/webhooks/${encodeURIComponent(id)}/test`),
    redeliver: (deliveryId: string) =>
      request<WebhookDelivery>('POST', `/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
  },
  accounts: {
    list: (filter: AccountFilter, cursor?: string | null, signal?: AbortSignal) =>
      request<Page<Account>>('GET', '/accounts', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) =>
      request<Account>('GET', `/accounts/${encodeURIComponent(id)}`, { signal }),
  },
  users: {
    list: (signal?: AbortSignal) => request<{ data: Member[] }>('GET', '/users', { signal }),
  },
  apiKeys: {
    list: (signal?: AbortSignal) => request<{ data: ApiKey[] }>('GET', '/api-keys', { signal }),
    /** The response's `secret` is the full key: the only time a secret key can be read. */
    create: (input: { type: ApiKeyType; role?: Role; name?: string }) =>
      request<{ key: ApiKey; secret: string }>('POST', '/api-keys', { body: input }),
    revoke: (id: string) => request<ApiKey>('DELETE', `/api-keys/${encodeURIComponent(id)}`),
  },
};
