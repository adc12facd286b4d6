import type { SeriesGroup, Timeseries } from '../http/types';
import type { ChartSeries } from '../components/UsageChart';

export type Metric = 'cost' | 'quantity';

const MAX_SERIES = 10;
export const OTHER = 'Other';

/** Seconds and unit-seconds are drawn per hour, as the tables show them. */
const valueOf = (group: SeriesGroup, metric: Metric): number =>
  metric === 'cost'
    ? Number(group.cost ?? '0')
    : Number(group.quantity) / (group.unit === 'unit' ? 1 : 3600);

/**
 * The chart's stacks: the ten largest groups of the period by the chosen metric, the rest
 * summed as "Other" (for drawing only; the table lists every group exactly).
 */
export function chartSeries(series: Timeseries, metric: Metric): ChartSeries[] {
  const ranked = [...series.totals].sort((a, b) => valueOf(b, metric) - valueOf(a, metric));
  const shown = ranked.slice(0, MAX_SERIES).map((group) => group.key);
  const hasOther = ranked.length > MAX_SERIES;
  const index = new Map(shown.map((key, position) => [key, position]));
  const result: ChartSeries[] = shown.map((key) => ({ label: key, values: [] }));
  if (hasOther) result.push({ label: OTHER, values: [] });
  for (const bucket of series.buckets) {
    for (const entry of result) entry.values.push(0);
    for (const group of bucket.groups) {
      const position = index.get(group.key) ?? (hasOther ? result.length - 1 : undefined);
      const entry = position === undefined ? undefined : result[position];
      if (entry)
        entry.values[entry.values.length - 1] = (entry.values.at(-1) ?? 0) + valueOf(group, metric);
    }
  }
  return result;
}

const AXIS_UNITS: Record<string, string> = { second: 'hours', 'unit-second': 'unit-hours' };

/** The axis title of the quantities in view, or null when groups mix units. */
export function singleUnit(series: Timeseries): string | null {
  const units = new Set(series.totals.map((group) => group.unit));
  const unit = units.size === 1 ? [...units][0] : undefined;
  return unit === undefined ? null : (AXIS_UNITS[unit] ?? 'units');
}

/** True when the plan prices at least one group: a cost chart then makes sense. */
export const hasCost = (series: Timeseries): boolean =>
  series.totals.some((group) => group.cost !== undefined);
