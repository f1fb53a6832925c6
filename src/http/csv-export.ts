// CSV download of any list route: a route that says `config: { csv: true }` answers `?format=csv` or
// `Accept: text/csv` with every page of the same query (same filters, same order) as one CSV stream.
import { Readable, pipeline } from 'node:stream';
import { type Stringifier, stringify } from 'csv-stringify';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify';
import { z } from 'zod';

/** What a list route declares to be downloadable; `true` derives everything from its response schema. */
export type CsvDeclaration = true | { name?: string; columns?: readonly string[] };

declare module 'fastify' {
  interface FastifyInstance {
    /** The lists that download as CSV, for `tandem export`. */
    csvLists: CsvList[];
  }
  interface FastifyContextConfig {
    /** Answers `?format=csv` / `Accept: text/csv` with all pages as CSV (see csv-export.ts). */
    csv?: CsvDeclaration;
  }
}

/** A downloadable list, as the CLI and the OpenAPI document see it. */
export interface CsvList {
  name: string;
  url: string;
  columns: readonly string[];
}

/** Rows per page fetched while streaming: the page size every list route accepts. */
const PAGE_SIZE = 200;

type ListPage = { data: Record<string, unknown>[]; nextCursor?: string | null };

const unwrap = (schema: z.ZodType): z.ZodType => {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault)
    s = s.unwrap() as z.ZodType;
  return s;
};

/**
 * The columns of a list: the fields of the items in its 200 response's `data` array, a nested object
 * (owner, account) spread into `owner.id`, `owner.name`. Records and arrays stay one JSON cell.
 */
export function csvColumnsOf(response200: unknown): string[] {
  const page = response200 instanceof z.ZodType ? unwrap(response200) : null;
  const data = page instanceof z.ZodObject ? unwrap(page.shape.data as z.ZodType) : null;
  const item = data instanceof z.ZodArray ? unwrap(data.element as z.ZodType) : null;
  if (!(item instanceof z.ZodObject)) throw new Error('a CSV list needs a 200 response { data: [object] }');
  return Object.entries(item.shape as Record<string, z.ZodType>).flatMap(([key, field]) => {
    const inner = unwrap(field);
    return inner instanceof z.ZodObject
      ? Object.keys(inner.shape as object).map((sub) => `${key}.${sub}`)
      : [key];
  });
}

/** `leads`, `accounts`; a nested list is named by its parent and itself: `leads-events`. */
const defaultName = (url: string): string =>
  url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter((s) => s && !s.startsWith(':'))
    .join('-');

const valueAt = (item: Record<string, unknown>, column: string): unknown => {
  const dot = column.indexOf('.');
  if (dot < 0) return item[column];
  const parent = item[column.slice(0, dot)];
  return parent && typeof parent === 'object'
    ? (parent as Record<string, unknown>)[column.slice(dot + 1)]
    : null;
};

/**
 * The CSV writer: instants as ISO-8601 (as the JSON does), booleans as true/false, records as JSON;
 * a text cell starting with = + - @ tab or CR gets a leading ' so no spreadsheet runs it as a formula
 * (OWASP "CSV injection"); a NUL (an imported file's bad row, echoed in its error report) becomes
 * U+FFFD, so no download carries one; numbers, negative ones included, stay numbers. `headers` names the
 * columns when their keys are not their names (array rows keyed '0', '1', …).
 */
export function csvWriter(columns: readonly string[], headers: readonly string[] = columns): Stringifier {
  return stringify({
    header: true,
    columns: columns.map((c, i) => ({ key: c, header: headers[i] ?? c })),
    escape_formulas: true,
    cast: {
      string: (s) => s.replaceAll('\0', '\uFFFD'),
      date: (d) => d.toISOString(),
      boolean: (b) => (b ? 'true' : 'false'),
      object: (o) => JSON.stringify(o),
    },
  });
}

/** `?format=csv`, else an Accept header that asks for CSV and not JSON. */
export const wantsCsv = (request: FastifyRequest): boolean => {
  const format = (request.query as { format?: unknown } | undefined)?.format;
  if (format !== undefined) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
};

const isListPage = (x: unknown): x is ListPage =>
  !!x && typeof x === 'object' && Array.isArray((x as ListPage).data);

async function sendCsv(
  app: FastifyInstance,
  handler: RouteHandlerMethod,
  request: FastifyRequest,
  reply: FastifyReply,
  list: CsvList,
): Promise<FastifyReply> {
  const query = request.query as Record<string, unknown> | undefined;
  const hasCursor = query !== undefined && 'limit' in query;
  const pageAt = async (cursor: string | undefined): Promise<ListPage> => {
    // The route's own handler answers each page: same permission checks, same filters, same order.
    if (hasCursor)
      request.query = { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : { cursor: undefined }) };
    const page: unknown = await handler.call(app, request, reply);
    if (!isListPage(page)) throw new Error(`${list.url} did not answer a { data } page`);
    return page;
  };
  // The first page before any byte is sent: a refusal (404, 403) is still a problem+json answer.
  const first = await pageAt(undefined);
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let page = first;
    for (;;) {
      for (const item of page.data)
        yield Object.fromEntries(list.columns.map((c) => [c, valueAt(item, c) ?? null]));
      if (!hasCursor || !page.nextCursor) return;
      page = await pageAt(page.nextCursor);
    }
  }
  const out = pipeline(Readable.from(rows()), csvWriter(list.columns), (err) => {
    if (err) request.log.error({ err, list: list.name }, 'CSV export stopped');
  });
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${list.name}.csv"`)
    .send(out);
}

/**
 * Registers the mechanism (before the routes): every route declaring `csv` gets a `format` query
 * parameter, a text/csv 200 response in the OpenAPI document, and the streaming answer. Returns
 * the lists registered, for the CLI.
 */
export function registerCsvExport(app: FastifyInstance): CsvList[] {
  const lists: CsvList[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const declared = route.config?.csv;
    if (!declared || route.method !== 'GET') return;
    const schema = (route.schema ??= {});
    const response = (schema.response ?? {}) as Record<string, unknown>;
    const list: CsvList = {
      name: (declared !== true && declared.name) || defaultName(route.url),
      url: route.url,
      columns: (declared !== true && declared.columns) || csvColumnsOf(response[200]),
    };
    lists.push(list);
    const format = z.enum(['csv', 'json'], { message: 'must be csv or json' }).optional();
    schema.querystring =
      schema.querystring instanceof z.ZodObject
        ? schema.querystring.extend({ format })
        : z.object({ format });
    const handler = route.handler;
    route.handler = async function (this: FastifyInstance, request, reply) {
      const csv = wantsCsv(request);
      // The route's own query schema does not know `format`: its handler never sees it.
      if (request.query && typeof request.query === 'object')
        delete (request.query as { format?: unknown }).format;
      return csv ? sendCsv(this, handler, request, reply, list) : handler.call(this, request, reply);
    };
  });
  app.decorate('csvLists', lists);
  return lists;
}
