// Two Tandem server processes on one PostgreSQL qualify 1,000 leads between them: each lead is
// folded exactly once, assigned exactly once, each SLA notice is raised once, and each webhook is
// delivered once.
// Several nodes need a server database, so this runs when DATABASE_URL is set (as in CI).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { defaultAgreement } from '../../src/domain/default-agreement.js';
import { activateAgreement, saveDraft } from '../../src/services/agreements.js';
import { createTeam, setTeamMember } from '../../src/services/teams.js';
import { createSubscription } from '../../src/services/webhooks.js';
import type { Db } from '../../src/store/db.js';
import { openTestDb } from '../support/database.js';
import { makeWorkspace, testDeps, type TestWorkspace } from '../support/fixtures.js';

const config = loadConfig();
const LEADS = 1000;
const ALWAYS_OPEN = {
  timeZone: 'UTC',
  week: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
  holidays: [],
};
const SYSTEM = { type: 'system' as const, id: null, label: 'test' };

let db: Db;
let ws: TestWorkspace;
let receiver: Server;
let receiverUrl = '';
const received = new Map<string, number>();
const nodes: { process: ChildProcess; url: string }[] = [];

function startNode(): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.resolve('bin/tandem.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TANDEM_WORKERS: 'true',
      // The test's receiver listens on loopback, which webhooks reach only when allow-listed.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start in time: ${stderr}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, url: m[1].replace('localhost', '127.0.0.1') });
      }
    });
    child.on('exit', (code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const count = async (sql: string): Promise<number> =>
  (await db.query<{ n: number }>(sql, [ws.workspace.id]))[0]!.n;

describe.runIf(config.database.kind === 'postgres')('two app nodes on one PostgreSQL', () => {
  beforeAll(async () => {
    db = await openTestDb();
    const deps = testDeps(db);
    ws = await makeWorkspace(deps);
    const manager = await ws.member('sales_manager', 'boss');
    for (const key of ['amer', 'emea', 'apac']) {
      const team = await createTeam(deps, SYSTEM, ws.workspace.id, {
        key,
        name: key,
        calendar: ALWAYS_OPEN,
        managerId: manager.id,
      });
      for (let i = 0; i < 3; i++) {
        const rep = await ws.member('sales_rep', `${key}-rep${i}`);
        await setTeamMember(deps, SYSTEM, ws.workspace.id, {
          teamId: team.id,
          userId: rep.id,
          weight: i + 1,
          capacity: null,
          active: true,
        });
      }
    }
    // One short SLA so that warnings and breaches happen during the test, on whichever node claims them.
    const agreement = defaultAgreement();
    agreement.sla.policies = [
      {
        id: 'mql-response',
        label: 'Respond',
        stage: 'mql',
        appliesTo: 'all',
        clock: 'response',
        target: { businessHours: 0.003 },
        warnAtShare: 0.5,
        escalation: { notifyManager: true, reassign: false },
      },
    ];
    await saveDraft(deps, SYSTEM, ws.workspace.id, { document: agreement }, 'fast clocks for the test');
    await activateAgreement(deps, SYSTEM, ws.workspace.id);

    receiver = createServer((req, res) => {
      const id = String(req.headers['webhook-id']);
      received.set(id, (received.get(id) ?? 0) + 1);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    await db.transaction((tx) =>
      createSubscription(tx, SYSTEM, ws.workspace.id, {
        url: receiverUrl,
        eventTypes: ['lead.assigned', 'sla.warning', 'sla.breached'],
        description: 'test receiver',
      }),
    );

    nodes.push(await startNode(), await startNode());
  }, 120_000);

  afterAll(async () => {
    for (const n of nodes) n.process.kill('SIGTERM');
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await db?.close();
  });

  it('assigns each of 1,000 leads once and raises and delivers each notice once', async () => {
    const auth = {
      authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const batches = Array.from({ length: LEADS / 100 }, (_, b) =>
      Array.from({ length: 100 }, (_, i) => {
        const n = b * 100 + i;
        const userId = `mn-${n}`;
        const country = ['US', 'Germany', 'Japan', 'Canada'][n % 4];
        return [
          {
            type: 'identify',
            userId,
            messageId: `${userId}-id`,
            traits: { email: `p${n}@company${n}.com`, title: 'VP Sales', employees: 300, country },
          },
          { type: 'track', userId, messageId: `${userId}-demo`, event: 'Demo Requested' },
        ];
      }).flat(),
    );
    const responses = await Promise.all(
      batches.map((batch, i) =>
        fetch(`${nodes[i % 2]!.url}/v1/batch`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ batch }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(batches.map(() => 200));

    // Accepted means stored; both nodes' folders (woken in-process and by NOTIFY) score the events.
    await until(
      'every event to be folded',
      () => count(`select count(*)::int as n from fold_queue where workspace_id = $1`),
      (n) => n === 0,
    );
    // Folded exactly once: every event scored, one grant per event and rule, one history per lead.
    expect(
      await count(`select count(*)::int as n from events where workspace_id = $1 and scored_at is null`),
    ).toBe(0);
    expect(
      await count(`select count(*)::int as n from (select event_id, rule_id from score_contributions
                    where workspace_id = $1 group by 1, 2 having count(*) > 1) dup`),
    ).toBe(0);
    expect(await count(`select count(*)::int as n from score_contributions where workspace_id = $1`)).toBe(
      LEADS,
    );
    expect(
      await count(
        `select count(*)::int as n from transitions where workspace_id = $1 and from_stage is null`,
      ),
    ).toBe(LEADS);
    expect(
      await count(`select count(*)::int as n from transitions where workspace_id = $1 and to_stage = 'mql'`),
    ).toBe(LEADS);

    expect(
      await count(
        `select count(*)::int as n from leads where workspace_id = $1 and stage = 'mql' and owner_id is not null`,
      ),
    ).toBe(LEADS);
    expect(await count(`select count(*)::int as n from assignments where workspace_id = $1`)).toBe(LEADS);
    expect(
      await count(`select count(distinct lead_id)::int as n from assignments where workspace_id = $1`),
    ).toBe(LEADS);

    await until(
      'every clock to breach',
      () =>
        count(
          `select count(*)::int as n from sla_clocks where workspace_id = $1 and breached_at is not null`,
        ),
      (n) => n === LEADS,
    );
    // Each clock warned its owner once and told owner and manager of the breach once.
    expect(
      await count(
        `select count(*)::int as n from notifications where workspace_id = $1 and type = 'sla.warning'`,
      ),
    ).toBe(LEADS);
    expect(
      await count(
        `select count(*)::int as n from notifications where workspace_id = $1 and type = 'sla.breached'`,
      ),
    ).toBe(2 * LEADS);
    expect(
      await count(`select count(*)::int as n from (select user_id, lead_id, type from notifications where workspace_id = $1
                    group by 1, 2, 3 having count(*) > 1) dup`),
    ).toBe(0);

    const deliveries = await until(
      'every webhook to be delivered',
      () =>
        db.query<{ id: string; status: string }>(
          `select id, status from webhook_deliveries where workspace_id = $1`,
          [ws.workspace.id],
        ),
      (rows) => rows.length === 3 * LEADS && rows.every((r) => r.status === 'delivered'),
    );
    expect(received.size).toBe(3 * LEADS);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(received.keys()));
  }, 300_000);
});
