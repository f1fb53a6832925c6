// A table of figures described by its columns: the header, each row's cell, an optional total row,
// the figures right-aligned; and the same table in an edge-to-edge panel (TablePanel) for reports.
import type { HTMLAttributes, ReactNode } from 'react';
import { Panel } from './page.js';

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;

export interface Column<R, T = never> {
  header: ReactNode;
  cell: (row: R) => ReactNode;
  /** The cell of a total row; empty when not given. */
  total?: (total: T) => ReactNode;
  /** A figure: right-aligned, heading too. */
  isNumeric?: boolean;
  /** Left out (a breakdown's column while nothing is broken down). */
  isHidden?: boolean;
}

export interface DataTableProps<R, T = never> {
  columns: Column<R, T>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** Attributes of a row's <tr>: a data- attribute tests and links use. */
  rowProps?: (row: R) => RowAttributes;
  /** Rows after the others, in the same columns: totals. */
  totals?: { rows: readonly T[]; key: (total: T) => string };
  /** One muted row across the table while there are no rows. */
  empty?: ReactNode;
  /** An accessible name for the table when its panel's title is not enough. */
  label?: string;
}

export function DataTable<R, T = never>({
  columns,
  rows,
  rowKey,
  rowProps,
  totals,
  empty,
  label,
}: DataTableProps<R, T>) {
  const shown = columns.filter((c) => !c.isHidden);
  const cls = (c: Column<R, T>) => (c.isNumeric ? 'num' : undefined);
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} className={cls(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined && (
            <tr>
              <td colSpan={shown.length} className="muted">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={rowKey(r)} {...rowProps?.(r)}>
              {shown.map((c, i) => (
                <td key={i} className={cls(c)}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
          {totals?.rows.map((t) => (
            <tr key={`total-${totals.key(t)}`} className="is-total">
              {shown.map((c, i) => (
                <td key={i} className={cls(c)}>
                  {c.total?.(t)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A report's table in a panel that runs edge to edge, with its title and actions (a CSV download). */
export function TablePanel<R, T = never>({
  title,
  id,
  actions,
  ...table
}: DataTableProps<R, T> & { title: ReactNode; id: string; actions?: ReactNode }) {
  return (
    <Panel title={title} id={id} actions={actions} flush>
      <DataTable {...table} />
    </Panel>
  );
}
