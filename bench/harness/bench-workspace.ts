// A workspace for a benchmark: the demo company's people and teams, a write key and a secret key.
import { createApiKey } from '../../src/services/api-keys.js';
import { DEMO_MEMBERS } from '../../src/services/demo-workspace.js';
import type { Deps } from '../../src/services/deps.js';
import { addUser, createWorkspace } from '../../src/services/workspaces.js';
import type { AuditActor } from '../../src/store/audit-log.js';
import { ensureSalesTeams } from '../../src/demo/sales-team.js';

const ACTOR: AuditActor = { type: 'system', id: null, label: 'benchmark' };

export interface BenchWorkspace {
  workspaceId: string;
  writeKey: string;
  secretKey: string;
  repId: string;
}

export async function createBenchWorkspace(deps: Deps, slug: string): Promise<BenchWorkspace> {
  const { workspace, writeKey } = await createWorkspace(deps, ACTOR, {
    slug,
    name: `Benchmark ${slug}`,
    timeZone: 'America/New_York',
    // No passwords: nobody signs in, and hashing them would only slow the set-up down.
    admin: { email: `admin@${slug}.bench`, name: 'Bench Admin', role: 'admin', password: null },
  });
  const users = await deps.db.transaction(async (tx) => {
    const out = [];
    for (const m of DEMO_MEMBERS) {
      out.push(
        await addUser(tx, ACTOR, workspace.id, {
          ...m,
          email: m.email.replace('demo.tandem.dev', `${slug}.bench`),
          password: null,
        }),
      );
    }
    return out;
  });
  await ensureSalesTeams(deps, workspace.id);
  const { secret } = await deps.db.transaction((tx) =>
    createApiKey(tx, ACTOR, {
      workspaceId: workspace.id,
      type: 'secret',
      role: 'sales_manager',
      name: 'benchmark',
    }),
  );
  const rep = users.find((u) => u.role === 'sales_rep');
  if (!rep) throw new Error('the demo members include no sales rep');
  return { workspaceId: workspace.id, writeKey, secretKey: secret, repId: rep.id };
}
