import type { UsageSeries } from './series';

/**
 * What a timeseries can be stacked by, each a key function of a series. To add one (a
 * project, say), add its key function here: bucketing, totals, the CSV and the route's enum
 * all read this table.
 */
export const GROUP_KEYS = {
  meter: (series: Pick<UsageSeries, 'meter'>) => series.meter,
  resource: (series: Pick<UsageSeries, 'resourceId'>) => series.resourceId,
} satisfies Record<string, (series: UsageSeries) => string>;

export type GroupBy = keyof typeof GROUP_KEYS;

export const GROUP_BY_VALUES = Object.keys(GROUP_KEYS) as GroupBy[];
