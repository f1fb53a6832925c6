// The OpenAPI document as the fuzzer reads it: every `$ref` resolved, every operation listed.

export type JsonSchema = Record<string, unknown>;

export interface Operation {
  method: string;
  /** `/api/v1/leads/{id}` as in the document. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  /** False for operations that take no API key (`security: []`). */
  isAuthenticated: boolean;
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every `$ref` in the document that does not point at something in it. */
export function danglingRefs(doc: unknown): string[] {
  const dangling: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && resolvePointer(doc, value) === undefined) {
        dangling.push(value);
      } else stack.push(value);
    }
  }
  return dangling;
}

/** `#/components/schemas/Lead` → that node of the document; undefined when there is none. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A schema with its top-level `$ref` followed (nested ones are followed as the generator meets them). */
export function deref(doc: unknown, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; typeof s.$ref === 'string' && hops < 20; hops++) {
    s = (resolvePointer(doc, s.$ref) as JsonSchema | undefined) ?? {};
  }
  return s;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: unknown): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries((doc as OpenApiDoc).paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as
        | {
            parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
            security?: unknown[];
          }
        | undefined;
      if (!op) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: deref(doc, p.schema ?? {}) })),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: deref(doc, p.schema ?? {}) })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        isAuthenticated: !(Array.isArray(op.security) && op.security.length === 0),
      });
    }
  }
  return ops;
}
