// Every error leaves as RFC 9457 problem+json naming the offending fields; codes map to statuses here only.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, type FieldError, RateLimited } from '../domain/errors.js';
import { isDatabaseUnavailable } from '../store/db-unavailable.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  transition_not_allowed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  demo_password_remote: 403,
  rate_limited: 429,
  link_expired: 410,
  link_used: 410,
  link_revoked: 410,
};

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  transition_not_allowed: 'Transition not allowed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  demo_password_remote: 'The demo password works only on this machine',
  rate_limited: 'Too many attempts',
  link_expired: 'This link has expired',
  link_used: 'This link was already used',
  link_revoked: 'This link was revoked',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'internal' | 'unavailable';
  errors?: FieldError[];
}

function problemOf(code: ErrorCode, detail: string, errors: FieldError[] = []): Problem {
  return {
    type: `https://tandem.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status: STATUS[code],
    detail,
    code,
    ...(errors.length ? { errors } : {}),
  };
}

type Issue = ZodError['issues'][number];

/** zod's wording, said the way our other messages are: "is required", "expected number, received string". */
const say = (message: string): string =>
  /received undefined$/.test(message) ? 'is required' : message.replace(/^Invalid input: /, '');

const depth = (issues: readonly Issue[]) => Math.max(0, ...issues.map((i) => i.path.length));

/**
 * Of a union's branches, the one the input came closest to (its problems reach deepest, then it has
 * the fewest): "body.changes.0.status: expected string" rather than "body: Invalid input". Null
 * when no branch got inside the value (a scalar matching none of the choices): the union's own
 * message says more then.
 */
function closestBranch(x: { errors?: unknown }): readonly Issue[] | null {
  if (!Array.isArray(x.errors) || x.errors.length === 0 || !x.errors.every(Array.isArray)) return null;
  const best = (x.errors as Issue[][]).reduce((a, b) =>
    depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
  );
  return depth(best) > 0 ? best : null;
}

/** Field errors from zod issues; `prefix` is where the validated value sits (body, query, params). */
export function fieldErrorsOf(issues: readonly Issue[], prefix = ''): FieldError[] {
  const join = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((s) => s !== '').join('.');
  return issues.flatMap((issue): FieldError[] => {
    const branch = issue.code === 'invalid_union' ? closestBranch(issue) : null;
    if (branch) return fieldErrorsOf(branch, join(issue.path));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ field: join([...issue.path, k]), message: 'is not a known field' }));
    }
    return [{ field: join(issue.path) || prefix || '(root)', message: say(issue.message) }];
  });
}

function describe(errors: FieldError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ')
    .concat(errors.length > 5 ? `; and ${errors.length - 5} more` : '');
}

export function toProblem(err: unknown): Problem | null {
  if (err instanceof AppError) return problemOf(err.code, err.message, err.errors);
  if (err instanceof ZodError) {
    const errors = fieldErrorsOf(err.issues);
    return problemOf('validation_failed', describe(errors), errors);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where =
      { body: 'body', querystring: 'query', params: 'path', headers: 'header' }[
        (err as { validationContext?: string }).validationContext ?? 'body'
      ] ?? 'body';
    const errors = err.validation.flatMap((v): FieldError[] => {
      const path = v.instancePath.split('/').filter(Boolean);
      const branch = v.keyword === 'invalid_union' ? closestBranch(v.params as { errors?: unknown }) : null;
      if (branch) return fieldErrorsOf(branch, [where, ...path].join('.'));
      const keys = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && keys) {
        return keys.map((k) => ({ field: [where, ...path, k].join('.'), message: 'is not a known field' }));
      }
      return [{ field: [where, ...path].join('.'), message: v.message ? say(v.message) : 'is not valid' }];
    });
    return problemOf('validation_failed', describe(errors), errors);
  }
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf('payload_too_large', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemOf('unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemOf('validation_failed', 'The body is empty; send a JSON object.', [
        { field: 'body', message: 'is empty' },
      ]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemOf('validation_failed', `The body is not valid JSON: ${fe.message}`, [
        { field: 'body', message: 'is not valid JSON' },
      ]);
  }
  if (err instanceof SyntaxError && (fe.statusCode === 400 || /JSON/.test(fe.message))) {
    return problemOf('validation_failed', `The body is not valid JSON: ${fe.message}`, [
      { field: 'body', message: 'is not valid JSON' },
    ]);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 413
        ? 'payload_too_large'
        : fe.statusCode === 415
          ? 'unsupported_media_type'
          : 'validation_failed';
    return { ...problemOf(code, fe.message), status: fe.statusCode };
  }
  return null;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Seconds a client should wait before retrying while the database is away. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof RateLimited) reply.header('retry-after', String(err.retryAfterSeconds));
  const problem = toProblem(err);
  if (problem) return sendProblem(reply, problem);
  // The database being away is an outage to wait out, not a bug: 503 and when to retry, no driver text.
  if (isDatabaseUnavailable(err)) {
    request.log.error({ err }, 'database unavailable');
    return sendProblem(reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S)), {
      type: 'https://tandem.dev/problems/unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is unavailable; try again shortly.',
      code: 'unavailable',
    });
  }
  request.log.error({ err }, 'unexpected error');
  return sendProblem(reply, {
    type: 'about:blank',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; it has been logged.',
    code: 'internal',
  });
}
