import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Distinguishable in colour-blind palettes (Okabe-Ito, then Tableau). */
export const SERIES_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#4E79A7',
  '#59A14F',
  '#B07AA1',
  '#9C755F',
  '#76B7B2',
];

export interface ChartSeries {
  label: string;
  values: number[];
}

/**
 * Stacked bars, one stack per bucket. Numbers here are for drawing only: the exact decimal
 * figures are in the table beside the chart, which is also what screen readers get.
 */
export function UsageChart(props: {
  labels: string[];
  series: ChartSeries[];
  yLabel: string;
  formatValue: (value: number) => string;
  description: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  const { labels, series, yLabel, formatValue, description } = props;

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = labels;
    current.data.datasets = series.map((entry, index) => ({
      label: entry.label,
      data: entry.values,
      backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
      borderWidth: 0,
    }));
    const y = current.options.scales?.y;
    if (y) {
      y.title = { display: true, text: yLabel };
      y.ticks = { callback: (value) => formatValue(Number(value)) };
    }
    if (current.options.plugins?.tooltip) {
      current.options.plugins.tooltip.callbacks = {
        label: (item) => `${item.dataset.label ?? ''}: ${formatValue(Number(item.raw))}`,
      };
    }
    current.update();
  }, [labels, series, yLabel, formatValue]);

  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
}
