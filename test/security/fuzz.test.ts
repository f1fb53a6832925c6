// Every endpoint fuzzed from its OpenAPI schema (and /v1 from the Segment spec): never a 5xx, every
// 4xx problem+json, nothing written by a refused request. scripts/soak-fuzz.ts runs it longer.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openTestDb } from '../support/database.js';
import { settled, testApp, testDeps } from '../support/fixtures.js';
import { fuzz, makeFuzzTarget } from './fuzzer.js';
import { danglingRefs, operationsOf } from './openapi.js';

let db: Db;
let app: FastifyInstance;

beforeEach(async () => {
  db = await openTestDb();
  app = await testApp(testDeps(db));
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await db.close();
});

describe('the OpenAPI document', () => {
  it('resolves every $ref and lists the API', () => {
    const doc = app.swagger();
    expect(danglingRefs(doc)).toEqual([]);
    expect(operationsOf(doc).length).toBeGreaterThan(40);
  });
});

describe('fuzzing every endpoint', () => {
  it('never answers 5xx, answers every 4xx as problem+json and writes nothing when it refuses', async () => {
    const target = await makeFuzzTarget(testDeps(db), app, () => settled(app));
    const report = await fuzz(target, { requests: Number(process.env.FUZZ_REQUESTS ?? 1200), seed: 1 });
    expect(report.serverErrors).toEqual([]);
    expect(report.notProblemJson).toEqual([]);
    expect(report.partialWrites).toEqual([]);
    expect(report.sent).toBeGreaterThan(0);
  }, 180_000);
});
