// The OpenAPI document (/api/openapi.json): built from the routes' zod schemas, each operation
// naming its permission (x-permission), the named schemas (Lead, Problem, …) as components.
import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

const SCHEMA_REF = /"#\/components\/schemas\/([^"]+)"/g;

/**
 * Every named zod schema becomes a component twice (`Lead` for responses, `LeadInput` for request
 * bodies); only those an operation reaches, directly or through another component, are kept.
 */
function reachableSchemas(paths: unknown, schemas: Record<string, unknown>): Record<string, unknown> {
  const kept = new Set<string>();
  const visit = (node: unknown) => {
    for (const match of JSON.stringify(node).matchAll(SCHEMA_REF)) {
      const name = match[1] as string;
      if (kept.has(name) || !(name in schemas)) continue;
      kept.add(name);
      visit(schemas[name]);
    }
  };
  visit(paths);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => kept.has(name)));
}

/**
 * A schema only requests use keeps its plain name (`RejectReason`, not `RejectReasonInput`): the
 * suffix only tells apart the two sides of a schema that has both.
 */
function plainInputNames<T extends object>(doc: T, schemas: Record<string, unknown>): T {
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const plain = name.replace(/Input$/, '');
    if (plain !== name && !(plain in schemas)) renames.set(name, plain);
  }
  const text = JSON.stringify({
    ...doc,
    components: {
      ...(doc as { components?: object }).components,
      schemas: Object.fromEntries(Object.entries(schemas).map(([n, s]) => [renames.get(n) ?? n, s])),
    },
  });
  return JSON.parse(
    text.replace(SCHEMA_REF, (ref, name: string) => {
      const plain = renames.get(name);
      return plain ? `"#/components/schemas/${plain}"` : ref;
    }),
  ) as T;
}

/** A list that downloads as CSV (csv-export.ts) says so: its 200 is JSON pages or one text/csv file. */
function withCsvResponse<T extends { schema: object }>(out: T): T {
  const response = (out.schema as { response?: Record<string, unknown> }).response;
  const json = response?.[200] as { description?: string } | undefined;
  if (!response || !json) return out;
  const { description, ...schema } = json;
  const ok = {
    description:
      description ?? 'A page of the list, or with `format=csv` / `Accept: text/csv` all of it as CSV',
    content: {
      'application/json': { schema },
      'text/csv': {
        schema: { type: 'string', description: 'Every row of the list; a header line names the columns' },
      },
    },
  };
  return { ...out, schema: { ...out.schema, response: { ...response, 200: ok } } };
}

export const openApiOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Tandem API',
      version: '1',
      description: 'Lead lifecycle: one agreement between sales and marketing, enforced on live data.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A secret API key (tdm_sk_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
  },
  // Each operation names its permission (x-permission), so clients and the matrix test can read it.
  transform: (input) => {
    const out = jsonSchemaTransform(input);
    const permission = input.route.config?.permission;
    const withPermission = permission
      ? { ...out, schema: { ...out.schema, 'x-permission': permission } }
      : out;
    return input.route.config?.csv ? withCsvResponse(withPermission) : withPermission;
  },
  transformObject: (input) => {
    const doc = jsonSchemaTransformObject(input);
    const { components = {}, paths } = doc as {
      components?: { schemas?: Record<string, unknown> };
      paths?: unknown;
    };
    return plainInputNames(doc, reachableSchemas(paths, components.schemas ?? {}));
  },
};
