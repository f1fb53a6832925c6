// The web app writes no API shape by hand: a named type in web/src whose fields are all fields of one
// of the OpenAPI document's schemas is a copy of it, which the routes can change without typecheck
// noticing. Name the generated type in api-types.ts instead (typecheck then follows the route).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const WEB_SRC = import.meta.dirname;
/** Below this many fields a match is chance (`{ id, name }`), not a copy. */
const MIN_FIELDS = 3;

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
}

function fieldsOf(members: ts.NodeArray<ts.TypeElement>): string[] {
  return members.flatMap((m) =>
    ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
  );
}

/** Each component schema's field names, from the generated api-schema.ts. */
export function schemaFields(schemaFile: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'components') {
      const schemas = node.members.find(
        (m): m is ts.PropertySignature =>
          ts.isPropertySignature(m) && ts.isIdentifier(m.name) && m.name.text === 'schemas',
      );
      if (schemas?.type && ts.isTypeLiteralNode(schemas.type)) {
        for (const s of schemas.type.members) {
          if (
            ts.isPropertySignature(s) &&
            ts.isIdentifier(s.name) &&
            s.type &&
            ts.isTypeLiteralNode(s.type)
          ) {
            out.set(s.name.text, new Set(fieldsOf(s.type.members)));
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(schemaFile));
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
    return ['api-schema.ts', 'api-types.ts'].includes(e.name) && dir === WEB_SRC ? [] : [full];
  });
}

/** Named types under `dir` whose fields are all fields of one schema: `file: Name copies Schema`. */
export function handWrittenCopies(dir: string, schemas: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(dir)) {
    const check = (name: string, fields: string[]) => {
      if (fields.length < MIN_FIELDS) return;
      for (const [schema, known] of schemas) {
        if (fields.every((f) => known.has(f))) {
          found.push(`${path.relative(dir, file)}: ${name} copies ${schema}`);
          return;
        }
      }
    };
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) check(node.name.text, fieldsOf(node.members));
      if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) {
        check(node.name.text, fieldsOf(node.type.members));
      }
      ts.forEachChild(node, visit);
    };
    visit(parse(file));
  }
  return found;
}

describe('the web app’s API types', () => {
  const schemas = schemaFields(path.join(WEB_SRC, 'api-schema.ts'));

  it('reads the generated schemas', () => {
    expect(schemas.size).toBeGreaterThan(30);
    expect([...(schemas.get('Invitation') ?? [])]).toEqual(
      expect.arrayContaining(['email', 'role', 'status']),
    );
  });

  it('writes none of them out by hand', () => {
    expect(handWrittenCopies(WEB_SRC, schemas)).toEqual([]);
  });
});
