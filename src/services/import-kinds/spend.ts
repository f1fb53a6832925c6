// Spend import: (channel, month, and optionally medium and campaign) → amount in the workspace's
// currency (no conversion is made: a row in another currency is refused). Re-importing replaces.
import { randomUUID } from 'node:crypto';
import { currencyProblem, workspaceCurrency } from '../../domain/opportunities.js';
import {
  deleteSpend,
  findSpend,
  type SpendKey,
  type SpendRow,
  upsertSpend,
} from '../../store/import-spend-writes.js';
import { getWorkspace } from '../../store/workspaces.js';
import { claim, emptyPlan, type KindChange, type KindHandler, refuse } from './handler.js';

/** `channel␀month`, and `␀medium␀campaign` when either is given. */
const keyOf = (s: SpendKey) =>
  [s.channel, s.month, ...(s.medium || s.campaign ? [s.medium, s.campaign] : [])].join('\u0000');
/** A key as an undo record keeps it (records from before medium and campaign have neither). */
const keyOfRecord = (r: Partial<SpendKey>): SpendKey => ({
  channel: r.channel ?? '',
  month: r.month ?? '',
  medium: r.medium ?? '',
  campaign: r.campaign ?? '',
});
const optional = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

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
        medium: optional(fields.medium),
        campaign: optional(fields.campaign),
        amount: fields.amount as number,
      };
      const earlier = claim(claimed, `spend:${keyOf(s)}`, row);
      if (earlier !== null) {
        refuse(
          plan,
          ctx,
          row,
          null,
          fields,
          `is the same channel${s.medium || s.campaign ? ', medium, campaign' : ''} and month as row ${earlier}`,
        );
        continue;
      }
      wanted.push(s);
    }
    const existing = new Map((await findSpend(tx, ctx.workspaceId, wanted, write)).map((s) => [keyOf(s), s]));
    const writes: SpendRow[] = [];
    for (const s of wanted) {
      const before = existing.get(keyOf(s));
      const { row: _row, ...stored } = s;
      // What the plan shows: medium and campaign only when the row gave them.
      const fields = {
        channel: s.channel,
        month: s.month,
        amount: s.amount,
        ...(s.medium ? { medium: s.medium } : {}),
        ...(s.campaign ? { campaign: s.campaign } : {}),
      };
      if (!before) {
        plan.creates.push({ row: s.row, fields });
        changes.push({
          entity: 'spend',
          entityId: randomUUID(),
          action: 'created',
          previous: { channel: s.channel, month: s.month, medium: s.medium, campaign: s.campaign },
        });
      } else if (before.amount !== s.amount) {
        plan.updates.push({ row: s.row, fields, id: keyOf(s), changed: { amount: s.amount } });
        changes.push({ entity: 'spend', entityId: randomUUID(), action: 'updated', previous: { ...before } });
      } else {
        plan.unchanged++;
        continue;
      }
      writes.push(stored);
    }
    if (!write) return { plan, changes: [] };
    await upsertSpend(tx, ctx.workspaceId, writes);
    return { plan, changes };
  },

  async undo(tx, workspaceId, changes) {
    const mine = changes.filter((c) => c.entity === 'spend' && c.previous);
    const created = mine
      .filter((c) => c.action === 'created')
      .map((c) => keyOfRecord(c.previous as Partial<SpendKey>));
    await deleteSpend(tx, workspaceId, created);
    const updated = mine
      .filter((c) => c.action === 'updated')
      .map((c) => {
        const before = c.previous as Partial<SpendRow>;
        return { ...keyOfRecord(before), amount: Number(before.amount) };
      });
    await upsertSpend(tx, workspaceId, updated);
  },
};
