// Refuses, before any route sees them, request values PostgreSQL cannot store (NUL, lone
// surrogates) and JSON nested deeper than our walkers go: a 400 naming the field, never a 500.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid } from '../domain/errors.js';
import { UNSAFE_TEXT_MESSAGES, findUnsafeText } from '../domain/text-safety.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'per-message': the handler walks the body itself (ingestion reports errors per event). */
    textSafety?: 'per-message';
  }
}

/** The first unsafe value of a request's params, query and body, as a validation error naming it. */
export function assertSafeRequest(
  request: Pick<FastifyRequest, 'params' | 'query' | 'body'>,
  skipBody = false,
) {
  // The same prefixes the zod errors use (problem.ts): path, query, body.
  const parts: [string, unknown][] = [
    ['path', request.params],
    ['query', request.query],
    ...(skipBody ? [] : ([['body', request.body]] as [string, unknown][])),
  ];
  for (const [prefix, value] of parts) {
    const found = findUnsafeText(value);
    if (found) throw invalid([prefix, ...found.path].join('.'), UNSAFE_TEXT_MESSAGES[found.problem]);
  }
}

export function registerTextSafety(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertSafeRequest(request, request.routeOptions.config.textSafety === 'per-message');
  });
}
