// The web app's client for /api/v1: typed resources, the CSRF header, and problem+json errors as ApiError.
import type {
  AccountFilter,
  OpportunityFilter,
  AgreementState,
  ApiPath,
  BodyOf,
  LeadFilter,
  MethodOf,
  Method,
  ParamsOf,
  QueryOf,
  ResponseOf,
  Role,
  Session,
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

type QueryValue = string | number | boolean | null | undefined | readonly string[];

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A file sent as the raw body (CSV uploads), instead of a JSON body. */
  file?: Blob;
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
async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.file) headers['content-type'] = 'text/csv';
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.file
        ? { body: options.file }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
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

/** What one operation takes besides its path: its path parameters, query and body, as the routes define them. */
export type CallInput<P extends ApiPath, M extends MethodOf<P>> = { signal?: AbortSignal } & ([
  ParamsOf<P, M>,
] extends [never]
  ? { params?: undefined }
  : { params: ParamsOf<P, M> }) &
  ([BodyOf<P, M>] extends [never] ? { body?: undefined } : { body: BodyOf<P, M> }) &
  ([QueryOf<P, M>] extends [never]
    ? { query?: undefined }
    : { query?: { [K in keyof QueryOf<P, M>]?: QueryOf<P, M>[K] | readonly string[] | null } });

/**
 * One operation of /api/v1 by its documented path (`/leads/{id}`) and method: the body it takes and
 * the answer it gives are the generated types of the route's schemas, so a screen that no longer
 * matches a route fails typecheck. Path parameters are filled in from `params`, encoded.
 */
export function call<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "nothing required"
  ...[input]: {} extends CallInput<P, M> ? [CallInput<P, M>?] : [CallInput<P, M>]
): Promise<ResponseOf<P, M>> {
  const params = (input?.params ?? {}) as Record<string, string | number>;
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  return request<ResponseOf<P, M>>(method, url, {
    query: input?.query as RequestOptions['query'],
    body: input?.body,
    signal: input?.signal,
  });
}

/**
 * An operation that takes a file as its raw body (a CSV upload: `POST /imports`), with its query
 * typed as `call()` types it.
 */
export function callWithFile<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  file: Blob,
  input: { query: NonNullable<CallInput<P, M>['query']>; signal?: AbortSignal },
): Promise<ResponseOf<P, M>> {
  return request<ResponseOf<P, M>>(method, path, {
    query: input.query as RequestOptions['query'],
    file,
    signal: input.signal,
  });
}

// ---------------------------------------------------------------------------------------------
// Resources.

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  session: {
    /** The signed-in session, or null when nobody is signed in. */
    async read(signal?: AbortSignal): Promise<Session | null> {
      try {
        return remember(await call('GET', '/session', { signal }));
      } catch (err) {
        if (isApiError(err) && err.status === 401) {
          csrfToken = null;
          return null;
        }
        throw err;
      }
    },
    async signIn(input: BodyOf<'/session', 'POST'>): Promise<Session> {
      return remember(await call('POST', '/session', { body: input }));
    },
    async signOut(): Promise<void> {
      try {
        await call('DELETE', '/session');
      } finally {
        csrfToken = null;
      }
    },
  },
  meta: {
    read: (signal?: AbortSignal) => call('GET', '/meta', { signal }),
  },
  setup: {
    /** Whether the first-run setup page is open (no company workspace yet). */
    state: (signal?: AbortSignal) => call('GET', '/setup', { signal }),
    /** Creates the workspace and signs its admin in. */
    complete: (input: BodyOf<'/setup', 'POST'>) => call('POST', '/setup', { body: input }),
    gettingStarted: (signal?: AbortSignal) => call('GET', '/getting-started', { signal }),
    agreementReviewed: () => call('POST', '/getting-started/agreement-reviewed'),
  },
  leads: {
    list: (filter: LeadFilter, cursor?: string | null, signal?: AbortSignal) =>
      call('GET', '/leads', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) => call('GET', '/leads/{id}', { params: { id }, signal }),
    events: (id: string, cursor?: string | null, signal?: AbortSignal) =>
      call('GET', '/leads/{id}/events', { params: { id }, query: { cursor, limit: 20 }, signal }),
    transitions: (id: string, signal?: AbortSignal) =>
      call('GET', '/leads/{id}/transitions', { params: { id }, signal }),
    handoff: (id: string, signal?: AbortSignal) =>
      call('GET', '/leads/{id}/handoff', { params: { id }, signal }),
    /**
     * 409 with a sentence when the agreement does not allow the move for your role. From mql or pql,
     * nurture or disqualified is a rejection and needs `reasonCode` (400 naming it otherwise).
     */
    moveStage: (id: string, input: BodyOf<'/leads/{id}/stage', 'POST'>) =>
      call('POST', '/leads/{id}/stage', { params: { id }, body: input }),
    accept: (id: string, note?: string) =>
      call('POST', '/leads/{id}/accept', { params: { id }, body: note ? { note } : {} }),
    /** `reason`: one of the workspace's codes (GET /reject-reasons); 400 naming `note` when it needs one. */
    reject: (id: string, input: BodyOf<'/leads/{id}/reject', 'POST'>) =>
      call('POST', '/leads/{id}/reject', { params: { id }, body: input }),
    logTouch: (id: string, input: BodyOf<'/leads/{id}/touches', 'POST'>) =>
      call('POST', '/leads/{id}/touches', { params: { id }, body: input }),
    /** Managers: give the lead to a rep, or back to the queue with `ownerId: null`. */
    assign: (id: string, input: BodyOf<'/leads/{id}/assign', 'POST'>) =>
      call('POST', '/leads/{id}/assign', { params: { id }, body: input }),
  },
  feedback: {
    conversation: (id: string, signal?: AbortSignal) =>
      call('GET', '/leads/{id}/conversation', { params: { id }, signal }),
    comment: (id: string, body: string) =>
      call('POST', '/leads/{id}/comments', { params: { id }, body: { body } }),
    flag: (id: string, note: string) =>
      call('POST', '/leads/{id}/flags', { params: { id }, body: note.trim() ? { note } : {} }),
    dispute: (id: string, note: string) =>
      call('POST', '/leads/{id}/disputes', { params: { id }, body: { note } }),
    resolve: (disputeId: string, input: BodyOf<'/disputes/{id}/resolve', 'POST'>) =>
      call('POST', '/disputes/{id}/resolve', { params: { id: disputeId }, body: input }),
  },
  rejectReasons: {
    list: (signal?: AbortSignal) => call('GET', '/reject-reasons', { signal }),
    add: (input: BodyOf<'/reject-reasons', 'POST'>) => call('POST', '/reject-reasons', { body: input }),
    change: (code: string, input: BodyOf<'/reject-reasons/{code}', 'PATCH'>) =>
      call('PATCH', '/reject-reasons/{code}', { params: { code }, body: input }),
    remove: (code: string) => call('DELETE', '/reject-reasons/{code}', { params: { code } }),
  },
  inbox: {
    list: (signal?: AbortSignal) => call('GET', '/inbox', { signal }),
  },
  teamView: {
    read: (signal?: AbortSignal) => call('GET', '/team-view', { signal }),
  },
  reports: {
    funnel: (query: QueryOf<'/reports/funnel', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/funnel', { query, signal }),
    velocity: (query: QueryOf<'/reports/velocity', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/velocity', { query, signal }),
    quality: (query: QueryOf<'/reports/quality', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/quality', { query, signal }),
    pipeline: (query: QueryOf<'/reports/pipeline', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/pipeline', { query, signal }),
    sla: (query: QueryOf<'/reports/sla', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/sla', { query, signal }),
    influence: (query: QueryOf<'/reports/influence', 'GET'>, signal?: AbortSignal) =>
      call('GET', '/reports/influence', { query, signal }),
  },
  commitments: {
    marketing: (period: string | null, signal?: AbortSignal) =>
      call('GET', '/commitments/marketing', { query: { period }, signal }),
  },
  agreement: {
    // The document is the domain's Agreement (the server validated it); the schema says only "object".
    read: (signal?: AbortSignal) => call('GET', '/agreement', { signal }) as Promise<AgreementState>,
  },
  teams: {
    list: (signal?: AbortSignal) => call('GET', '/teams', { signal }),
    setMember: (teamId: string, userId: string, input: BodyOf<'/teams/{id}/members/{userId}', 'PUT'>) =>
      call('PUT', '/teams/{id}/members/{userId}', { params: { id: teamId, userId }, body: input }),
    removeMember: (teamId: string, userId: string) =>
      call('DELETE', '/teams/{id}/members/{userId}', { params: { id: teamId, userId } }),
  },
  alerts: {
    read: (signal?: AbortSignal) => call('GET', '/alert-preferences', { signal }),
    update: (input: BodyOf<'/alert-preferences', 'PUT'>) =>
      call('PUT', '/alert-preferences', { body: input }),
    /** Managers and admins: each team's Slack channel. */
    teamChannels: (signal?: AbortSignal) => call('GET', '/teams/alert-channels', { signal }),
    setTeamChannel: (teamId: string, input: BodyOf<'/teams/{id}/alert-channel', 'PUT'>) =>
      call('PUT', '/teams/{id}/alert-channel', { params: { id: teamId }, body: input }),
  },
  outOfOffice: {
    list: (signal?: AbortSignal) => call('GET', '/out-of-office', { signal }),
    add: (input: BodyOf<'/out-of-office', 'POST'>) => call('POST', '/out-of-office', { body: input }),
    remove: (id: string) => call('DELETE', '/out-of-office/{id}', { params: { id } }),
  },
  notifications: {
    list: (signal?: AbortSignal) => call('GET', '/notifications', { query: { limit: 20 }, signal }),
    markRead: (id: number) => call('POST', '/notifications/{id}/read', { params: { id } }),
    markAllRead: () => call('POST', '/notifications/read-all'),
  },
  webhooks: {
    list: (signal?: AbortSignal) => call('GET', '/webhooks', { signal }),
    /** The response's `secret` signs every delivery: the only time it can be read. */
    create: (input: BodyOf<'/webhooks', 'POST'>) => call('POST', '/webhooks', { body: input }),
    update: (id: string, input: BodyOf<'/webhooks/{id}', 'PATCH'>) =>
      call('PATCH', '/webhooks/{id}', { params: { id }, body: input }),
    remove: (id: string) => call('DELETE', '/webhooks/{id}', { params: { id } }),
    deliveries: (id: string, cursor?: string | null, signal?: AbortSignal) =>
      call('GET', '/webhooks/{id}/deliveries', { params: { id }, query: { cursor, limit: 20 }, signal }),
    /** Queues a `webhook.test` delivery to this subscription alone. */
    sendTest: (id: string) => call('POST', '/webhooks/{id}/test', { params: { id } }),
    redeliver: (deliveryId: string) =>
      call('POST', '/webhooks/deliveries/{deliveryId}/redeliver', { params: { deliveryId } }),
  },
  accounts: {
    list: (filter: AccountFilter, cursor?: string | null, signal?: AbortSignal) =>
      call('GET', '/accounts', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) => call('GET', '/accounts/{id}', { params: { id }, signal }),
  },
  opportunities: {
    list: (filter: OpportunityFilter, cursor?: string | null, signal?: AbortSignal) =>
      call('GET', '/opportunities', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) =>
      call('GET', '/opportunities/{id}', { params: { id }, signal }),
    create: (input: BodyOf<'/opportunities', 'POST'>) => call('POST', '/opportunities', { body: input }),
    update: (id: string, input: BodyOf<'/opportunities/{id}', 'PATCH'>) =>
      call('PATCH', '/opportunities/{id}', { params: { id }, body: input }),
  },
  users: {
    list: (signal?: AbortSignal) => call('GET', '/users', { signal }),
    changeRole: (id: string, role: Role) => call('PATCH', '/users/{id}', { params: { id }, body: { role } }),
    deactivate: (id: string) => call('POST', '/users/{id}/deactivate', { params: { id } }),
    reactivate: (id: string) => call('POST', '/users/{id}/reactivate', { params: { id } }),
    /** A reset link to hand over: readable only in this answer. */
    issueReset: (id: string) => call('POST', '/users/{id}/password-reset', { params: { id } }),
  },
  invitations: {
    list: (signal?: AbortSignal) => call('GET', '/invitations', { signal }).then((r) => r.data),
    invite: (input: BodyOf<'/invitations', 'POST'>) => call('POST', '/invitations', { body: input }),
    resend: (id: string) => call('POST', '/invitations/{id}/resend', { params: { id } }),
    revoke: (id: string) => call('DELETE', '/invitations/{id}', { params: { id } }),
  },
  me: {
    update: (input: BodyOf<'/me', 'PATCH'>) => call('PATCH', '/me', { body: input }),
    changePassword: (input: BodyOf<'/me/password', 'POST'>) => call('POST', '/me/password', { body: input }),
  },
  /** The public pages: an invitation's preview and acceptance, forgot password, a reset link. Link tokens go in the body, never in a URL. */
  links: {
    previewInvitation: (token: string) => call('POST', '/invitations/preview', { body: { token } }),
    acceptInvitation: (input: BodyOf<'/invitations/accept', 'POST'>) =>
      call('POST', '/invitations/accept', { body: input }),
    forgotPassword: (input: BodyOf<'/password-resets', 'POST'>) =>
      call('POST', '/password-resets', { body: input }),
    previewReset: (token: string) => call('POST', '/password-resets/preview', { body: { token } }),
    resetPassword: (input: BodyOf<'/password-resets/complete', 'POST'>) =>
      call('POST', '/password-resets/complete', { body: input }),
  },
  apiKeys: {
    list: (signal?: AbortSignal) => call('GET', '/api-keys', { signal }),
    /** The response's `secret` is the full key: the only time a secret key can be read. */
    create: (input: BodyOf<'/api-keys', 'POST'>) => call('POST', '/api-keys', { body: input }),
    revoke: (id: string) => call('DELETE', '/api-keys/{id}', { params: { id } }),
  },
};
