// The web app's client for /api/v1: typed resources, the CSRF header, and problem+json errors as ApiError.
import type { Role } from '../../src/domain/roles.js';
import type { Stage } from '../../src/domain/stages.js';

export type { Role, Stage };

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
  leads: {
    list: (filter: LeadFilter, cursor?: string | null, signal?: AbortSignal) =>
      request<Page<Lead>>('GET', '/leads', { query: { ...filter, cursor, limit: 50 }, signal }),
    read: (id: string, signal?: AbortSignal) =>
      request<Lead>('GET', `/leads/${encodeURIComponent(id)}`, { signal }),
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
