// A report's chart in a panel: the title, a CSV download or other actions, the bar chart (or what to
// do while there is nothing to chart) and a note under it. Its figures go in a TablePanel beside it,
// both inside a ReportRow, so every report page reads the same way: chart first, table beside it.
import { type ComponentProps, type ReactNode, Suspense, lazy } from 'react';
import { Panel } from './page.js';

// Chart.js is its own chunk, run with the first report on screen, not with the app. The built
// index.html preloads it beside the app (vite.config.ts): fetched only when the first report came
// back, it queued behind the next reports' requests and the chart painted seconds after its table.
const LazyBarChart = lazy(() => import('./bar-chart.js').then((m) => ({ default: m.BarChart })));

export type ChartProps = ComponentProps<typeof LazyBarChart>;

/** The bar chart, loaded on first use; an empty box of the same size holds its place meanwhile. */
export function BarChart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="chart" />}>
      <LazyBarChart {...props} />
    </Suspense>
  );
}

export function ChartPanel({
  title,
  id,
  actions,
  chart,
  empty,
  isEmpty = chart.labels.length === 0,
  note,
}: {
  title: ReactNode;
  id: string;
  actions?: ReactNode;
  chart: ChartProps;
  /** Shown instead of the chart while it is empty (an EmptyState saying how it fills in). */
  empty?: ReactNode;
  /** Whether there is nothing to chart; by default, no labels. */
  isEmpty?: boolean;
  /** A line under the chart: what it counts, over which period. */
  note?: ReactNode;
}) {
  return (
    <Panel title={title} id={id} actions={actions}>
      {isEmpty && empty !== undefined ? empty : <BarChart {...chart} />}
      {note !== undefined && <p className="muted report-note">{note}</p>}
    </Panel>
  );
}

/** A chart and its table side by side, stacked on narrow screens. */
export function ReportRow({ children }: { children: ReactNode }) {
  return <div className="report-row">{children}</div>;
}
