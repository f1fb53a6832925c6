// A bar chart on a canvas (Chart.js, only the parts a bar chart needs): no eval, no inline style
// attributes, so it runs under the app's Content Security Policy. The table beside it holds the figures.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const PALETTE = ['#5b5bd6', '#8e8ee8', '#c4c4f3', '#2f9e74', '#d9822b'];

export interface BarSeries {
  label: string;
  values: (number | null)[];
}

export function BarChart({
  labels,
  series,
  label,
  horizontal = false,
  format = (v) => String(v),
}: {
  labels: string[];
  series: BarSeries[];
  /** Accessible name: what the chart shows (the figures are in the table beside it). */
  label: string;
  horizontal?: boolean;
  format?: (value: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: false, position: 'bottom' } },
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [horizontal]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = labels;
    c.data.datasets = series.map((s, i): ChartDataset<'bar', (number | null)[]> => ({
      label: s.label,
      data: s.values,
      backgroundColor: PALETTE[i % PALETTE.length],
      borderRadius: 3,
    }));
    const valueAxis = horizontal ? 'x' : 'y';
    c.options.scales = {
      [valueAxis]: { beginAtZero: true, ticks: { callback: (v) => format(Number(v)) } },
      [horizontal ? 'y' : 'x']: { grid: { display: false } },
    };
    c.options.plugins = {
      legend: { display: series.length > 1, position: 'bottom' },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}` } },
    };
    c.update();
  }, [labels, series, horizontal, format]);

  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
