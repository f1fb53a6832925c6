// The set-up of a test that reads the e-mail Tandem sends, written once: before each test a fresh
// database, a real SMTP server in this process, a mailer sending to it and a clock at Monday
// 23 November 2026 10:00 UTC that the test moves; after it, all of them closed (and any app the
// test started), so a failing test leaks nothing.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import type { Deps } from '../../src/services/deps.js';
import type { Db } from '../../src/store/db.js';
import { openTestDb } from './database.js';
import { testApp, testDeps } from './fixtures.js';
import { MONDAY_10 } from './handoff.js';
import { type TestSmtp, startTestSmtp } from './smtp.js';

export interface MailTest {
  readonly db: Db;
  readonly smtp: TestSmtp;
  /** What the deps' clock answers; a test moves it by assigning. */
  now: Date;
  /** Deps on the test's database and clock, sending mail to the test's SMTP server unless told not to. */
  deps(withMail?: boolean): Deps;
  /** An app on `deps`, closed after the test. */
  app(deps: Deps, options?: Parameters<typeof testApp>[1]): Promise<FastifyInstance>;
}

export function mailTest(): MailTest {
  let db: Db | undefined;
  let smtp: TestSmtp | undefined;
  let mailer: Mailer | undefined;
  const apps: FastifyInstance[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('mailTest: read its fields inside hooks and tests');
    return value;
  };
  const t: MailTest = {
    now: new Date(MONDAY_10),
    get db() {
      return ready(db);
    },
    get smtp() {
      return ready(smtp);
    },
    deps(withMail = true) {
      const deps = testDeps(ready(db), () => new Date(t.now));
      return withMail ? { ...deps, mailer: ready(mailer) } : deps;
    },
    async app(deps, options) {
      const app = await testApp(deps, options);
      apps.push(app);
      return app;
    },
  };
  beforeEach(async () => {
    db = await openTestDb();
    smtp = await startTestSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'Tandem <tandem@example.test>' });
    t.now = new Date(MONDAY_10);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    mailer?.close();
    await smtp?.close();
    await db?.close();
  });
  return t;
}
