// Reading an agreement from JSON or YAML text, with every error on the line it belongs to.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import {
  formatPath,
  validateAgreement,
  type AgreementError,
  type AgreementParseResult,
} from './agreement.js';

/**
 * Parse an agreement written as JSON or YAML. Syntax errors and schema errors both come back as
 * errors with the line (and column) they are on, so an editor can underline them.
 */
export function parseAgreementText(text: string, format: 'json' | 'yaml'): AgreementParseResult {
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one YAML document also locates paths in JSON text.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, errors: [jsonSyntaxError(e, text, doc, lineCounter)] };
    }
  } else {
    if (doc.errors.length > 0) {
      return {
        ok: false,
        errors: doc.errors.map((err) => {
          const { line, col } = lineCounter.linePos(err.pos[0]);
          return {
            path: '',
            message: `YAML syntax error at line ${line}, column ${col}: ${err.message}`,
            line,
            column: col,
          };
        }),
      };
    }
    // An alias bomb is an outside input like any other: refuse it rather than expand it.
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return {
        ok: false,
        errors: [{ path: '', message: `YAML could not be read: ${(e as Error).message}` }],
      };
    }
  }
  const result = validateAgreement(value);
  if (result.ok) return result;
  // A JSON text the YAML parser cannot read (rare) simply gets no line numbers.
  const canLocate = doc.errors.length === 0;
  return {
    ok: false,
    errors: result.problems.map((p) => ({
      path: formatPath(p.path),
      message: p.message,
      ...(canLocate ? locate(doc, lineCounter, p.path) : {}),
    })),
  };
}

function jsonSyntaxError(e: unknown, text: string, doc: Document, lineCounter: LineCounter): AgreementError {
  const reason = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
  // V8 puts the offset in some messages only; otherwise the YAML parser usually finds the same spot.
  const at = /position (\d+)/.exec(reason);
  const offset = at?.[1] !== undefined ? Number(at[1]) : doc.errors[0]?.pos[0];
  if (offset === undefined || offset > text.length)
    return { path: '', message: `JSON syntax error: ${reason}` };
  const { line, col } = lineCounter.linePos(offset);
  return {
    path: '',
    message: `JSON syntax error at line ${line}, column ${col}: ${reason}`,
    line,
    column: col,
  };
}

// The line of the deepest node that exists on the error's path (a missing field points at its parent).
function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): { line?: number; column?: number } {
  let node: unknown = doc.contents;
  let found = isNode(node) ? node : null;
  for (const key of path) {
    if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else if (isMap(node))
      node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value;
    else break;
    if (!isNode(node)) break;
    found = node;
  }
  if (!found?.range) return {};
  const { line, col } = lineCounter.linePos(found.range[0]);
  return { line, column: col };
}
