// The web app's client for /api/v1: typed resources, the CSRF header, and problem+json errors as ApiError.
import type {
  Session,
  Lead,
  LeadDetail,
  LeadEvent,
  Transition,
  InboxItem,
  Handoff,
  TouchKind,
  TeamView,
  FunnelReport,
  MarketingCommitment,
  VelocityReport,
  AgreementVersion,
  TeamMember,
  Team,
  Absence,
  AppNotification,
  WebhookSubscription,
  WebhookDelivery,
  Meta,
  Account,
  Member,
  ApiKeyType,
  ApiKey,
  Page,
  LeadFilter,
  AccountFilter,
  Stage,
  Role,
} from './api-types.js';

export type * from './api-types.js';

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
    /**
     * 409 with a sentence when the agreement does not allow the move for your role. From mql or pql,
     * nurture or disqualified is a rejection and needs `reasonCode` (400 naming it otherwise).
     */
    moveStage: (id: string, input: { to: Stage; reason: string; reasonCode?: string; note?: string }) =>
      request<Transition>('POST', leadPath(id, 'stage'), { body: input }),
    accept: (id: string, note?: string) =>
      request<Transition>('POST', leadPath(id, 'accept'), { body: note ? { note } : {} }),
    /** `reason`: one of the workspace's codes (GET /reject-reasons); 400 naming `note` when it needs one. */
    reject: (id: string, input: { reason: string; note?: string }) =>
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
  reports: {
    funnel: (query: Record<string, QueryValue>, signal?: AbortSignal) =>
      request<FunnelReport>('GET', '/reports/funnel', { query, signal }),
    velocity: (query: Record<string, QueryValue>, signal?: AbortSignal) =>
      request<VelocityReport>('GET', '/reports/velocity', { query, signal }),
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
