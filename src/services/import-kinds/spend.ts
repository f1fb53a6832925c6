// Spend import: (channel, month) → amount in the workspace's currency (no conversion is made: a
// row in another currency is refused). Re-importing a month replaces its amount.
import { randomUUID } from 'node:crypto';
import { currencyProblem, workspaceCurrency } from '../../domain/opportunities.js';
import { deleteSpend, findSpend, type SpendRow, upsertSpend } from '../../store/import-spend-writes.js';
import { getWorkspace } from '../../store/workspaces.js';
import { claim, emptyPlan, type KindChange, type KindHandler, refuse } from './handler.js';

const keyOf = (s: { channel: string; month: string }) => `${s.channel}\u0000${s.month}`;

export const spendHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const changes: KindChange[] = [];
    const workspace = await getWorkspace(tx, ctx.workspaceId);
    const currency = workspaceCurrency(workspace?.settings ?? {});
    const wanted: (SpendRow & { row: number })[] = [];
    for (const { row, fields } of rows) {
      const foreign = typeof fields.currency === 'string' ? currencyProblem(fields.currency, currency) : null;
      if (foreign) {
        refuse(plan, ctx, row, 'currency', fields, `currency ${foreign}`);
        continue;
      }
      const s = {
        row,
        channel: fields.channel as string,
        month: fields.month as string,
        amount: fields.amount as number,
      };
      const earlier = claim(claimed, `spend:${keyOf(s)}`, row);
      if (earlier !== null) {
        refuse(plan, ctx, row, null, fields, `is the same channel and month as row ${earlier}`);
        continue;
      }
      wanted.push(s);
    }
    const existing = new Map((await findSpend(tx, ctx.workspaceId, wanted, write)).map((s) => [keyOf(s), s]));
    const writes: SpendRow[] = [];
    for (const s of wanted) {
      const before = existing.get(keyOf(s));
      const fields = { channel: s.channel, month: s.month, amount: s.amount };
      if (!before) {
        plan.creates.push({ row: s.row, fields });
        changes.push({
          entity: 'spend',
          entityId: randomUUID(),
          action: 'created',
          previous: { channel: s.channel, month: s.month },
        });
      } else if (before.amount !== s.amount) {
        plan.updates.push({ row: s.row, fields, id: keyOf(s), changed: { amount: s.amount } });
        changes.push({ entity: 'spend', entityId: randomUUID(), action: 'updated', previous: { ...before } });
      } else {
        plan.unchanged++;
        continue;
      }
      writes.push(fields);
    }
    if (!write) return { plan, changes: [] };
    await upsertSpend(tx, ctx.workspaceId, writes);
    return { plan, changes };
  },

  async undo(tx, workspaceId, changes) {
    const mine = changes.filter((c) => c.entity === 'spend' && c.previous);
    const created = mine
      .filter((c) => c.action === 'created')
      .map((c) => c.previous as { channel: string; month: string });
    await deleteSpend(tx, workspaceId, created);
    const updated = mine.filter((c) => c.action === 'updated').map((c) => c.previous as unknown as SpendRow);
    await upsertSpend(tx, workspaceId, updated);
  },
};
