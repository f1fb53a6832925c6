// Generates web/src/api-schema.ts, the web app's types, from the OpenAPI document the server builds
// (the app is built in-process; no server, no database). `--check` only compares: it fails when the
// committed file is not what the routes produce now (npm run check, so CI refuses a stale copy).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { buildApp } from '../src/http/app.js';
import { type Deps, silentLogger } from '../src/services/deps.js';
import type { Db } from '../src/store/db.js';

const root = path.resolve(import.meta.dirname, '..');
const target = path.join(root, 'web/src/api-schema.ts');
const HEADER =
  '// Generated from the OpenAPI document (/api/openapi.json) by `npm run gen:api`: do not edit.\n' +
  '// web/src/api-types.ts names these types for the web app.\n\n';

/** Building the document reads nothing: a database that refuses every use proves it. */
function noDatabase(): Db {
  const refuse = (): never => {
    throw new Error('gen:api builds the OpenAPI document without a database');
  };
  return { kind: 'pglite', query: refuse, exec: refuse, transaction: refuse, close: async () => undefined };
}

async function openApiDocument(): Promise<Record<string, never>> {
  const deps: Deps = { db: noDatabase(), clock: () => new Date(), log: silentLogger };
  const app = await buildApp(deps, {
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3600_000,
    secureCookies: false,
    webDist: '/nonexistent',
  });
  try {
    await app.ready();
    return structuredClone(app.swagger()) as unknown as Record<string, never>;
  } finally {
    await app.close();
  }
}

async function generate(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(JSON.stringify(doc));
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(HEADER + astToString(ast), {
    ...options,
    filepath: target,
  });
}

const generated = await generate();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // Missing: stale by definition.
  }
  if (committed !== generated) {
    process.stderr.write(
      'web/src/api-schema.ts is stale: the API changed since it was generated. Run `npm run gen:api` and commit it.\n',
    );
    process.exit(1);
  }
} else {
  writeFileSync(target, generated);
  process.stderr.write(`Wrote ${path.relative(root, target)}\n`);
}
