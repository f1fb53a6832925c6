// fast-check arbitraries for the fuzzer: values a JSON schema allows, and values no server should choke on.
import fc from 'fast-check';
import { type JsonSchema, deref } from './openapi.js';

/** `depth` levels of arrays (or objects) around a leaf: written out by the fuzzer's serialiser, as
 * JSON.stringify itself overflows the stack on a few thousand levels. */
export class DeepValue {
  constructor(
    readonly depth: number,
    readonly asObject: boolean,
  ) {}
  toText(): string {
    return this.asObject
      ? `${'{"x":'.repeat(this.depth)}1${'}'.repeat(this.depth)}`
      : `${'['.repeat(this.depth)}1${']'.repeat(this.depth)}`;
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Cursors a client could forge: wrong shapes, impossible dates, ids of the wrong type. */
export const TAMPERED_CURSORS = [
  b64(['x', 'y']),
  b64(['2026-02-31T00:00:00.000Z', '1']),
  b64([new Date(0).toISOString(), 'not-a-uuid']),
  b64(['+275760-09-13T00:00:00.000Z', '99999999999999999999']),
  b64([1, 2]),
  b64({ at: 'x' }),
  'not base64 at all!',
  b64(['2026-01-01T00:00:00.000Z', '\u0000']),
];

/** The hostile scalars and shapes every field gets some of. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'demo\u0000',
    '\u0000',
    'a\uD800b',
    '\uDC00',
    '\uD83D',
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e21',
    '-0',
    '9999-Q4',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59-14:00',
    '9999-12-31T23:59:59Z',
    '275760-09-13',
    "'; drop table leads; --",
    '%00',
    '__proto__',
    '00000000-0000-0000-0000-000000000000',
    1e21,
    -1e21,
    3_000_000_000,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -0,
    0.1,
    -1,
    0,
    true,
    false,
    null,
    [],
    {},
    { ['k\u0000']: 1 },
    { ['\uD800']: 'v' },
    { constructor: { prototype: {} } },
    'x'.repeat(10_001),
    ...TAMPERED_CURSORS,
  ),
  fc.uuid().map((u) => u),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(40, 1_000, 5_000).chain((d) => fc.boolean().map((o) => new DeepValue(d, o))),
  fc.jsonValue({ maxDepth: 3 }),
);

const STRING_FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  email: fc.emailAddress(),
  // Mostly ordinary instants; now and then the edges of what a four-digit year can spell.
  'date-time': fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:00:00+14:00',
        '9999-12-31T23:59:59-14:00',
        '1969-12-31T23:59:59.999Z',
      ),
    },
  ),
  uri: fc.webUrl(),
};

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (typeof s.format === 'string' && STRING_FORMATS[s.format]) return STRING_FORMATS[s.format]!;
  if (typeof s.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= Number(s.maxLength ?? 1e9));
    } catch {
      // fall through to plain strings
    }
  }
  const maxLength = Math.min(Number(s.maxLength ?? 40), 40);
  const minLength = Math.min(Number(s.minLength ?? 0), maxLength);
  return fc.string({ minLength, maxLength });
}

function numberOf(s: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const min =
    typeof s.minimum === 'number'
      ? s.minimum
      : typeof s.exclusiveMinimum === 'number'
        ? s.exclusiveMinimum + 1
        : -1e6;
  const max =
    typeof s.maximum === 'number'
      ? s.maximum
      : typeof s.exclusiveMaximum === 'number'
        ? s.exclusiveMaximum - 1
        : 1e6;
  if (isInteger)
    return fc.integer({
      min: Math.ceil(Math.max(min, -(2 ** 31))),
      max: Math.floor(Math.min(max, 2 ** 31 - 1)),
    });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

export interface ValueOptions {
  /** The OpenAPI document, to follow `$ref`s. */
  doc: unknown;
  /** Chance, at each field, of a hostile value instead of a valid one. */
  hostileWeight: number;
  /** Ids seen in earlier responses, offered for uuid fields. */
  knownIds: () => string[];
}

/** Values for a JSON schema: mostly what it allows, sometimes (per field) something hostile; extra fields now and then. */
export function valueOf(schema: JsonSchema, opts: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(opts.doc, schema);
  const valid = depth > 6 ? fc.constant(null) : validOf(s, opts, depth);
  if (opts.hostileWeight <= 0) return valid;
  return fc.oneof(
    { weight: 100 - opts.hostileWeight, arbitrary: valid },
    { weight: opts.hostileWeight, arbitrary: hostileValue },
  );
}

function validOf(s: JsonSchema, opts: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  const choices = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0)
    return fc.oneof(...choices.map((c) => valueOf(c, { ...opts, hostileWeight: 0 }, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return valueOf(s.allOf[0] as JsonSchema, opts, depth + 1);
  const type = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string | undefined];
  const arbs = type.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string': {
        const base = stringOf(s);
        if (s.format !== 'uuid') return base;
        return fc.oneof(
          base,
          fc.constant(null).chain(() => {
            const ids = opts.knownIds();
            return ids.length > 0 ? fc.constantFrom(...ids) : base;
          }),
        );
      }
      case 'integer':
        return numberOf(s, true);
      case 'number':
        return numberOf(s, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = (s.items as JsonSchema | undefined) ?? {};
        return fc.array(valueOf(items, opts, depth + 1), { maxLength: Math.min(Number(s.maxItems ?? 4), 4) });
      }
      case 'object':
        return objectOf(s, opts, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

function objectOf(s: JsonSchema, opts: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const fields = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, opts, depth + 1)]));
  const known = fc.record(fields, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
  const extra =
    typeof s.additionalProperties === 'object'
      ? fc.dictionary(
          fc.string({ maxLength: 12 }),
          valueOf(s.additionalProperties as JsonSchema, opts, depth + 1),
          { maxKeys: 3 },
        )
      : fc.oneof(
          { weight: 9, arbitrary: fc.constant({}) },
          {
            weight: 1,
            arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
              maxKeys: 2,
            }),
          },
        );
  return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
}
