import { projectKeyOf } from './project-scope';
import type { UsageSeries } from './series';

/**
 * What a timeseries can be stacked by, each a key function of a series. To add one, add its
 * key function here: bucketing, totals, the CSV and the route's enum all read this table.
 * `project` reads the project of a series that holds one project's usage: the periods are cut
 * by project first (project-scope.ts, splitByProject); the account's own usage is
 * NO_PROJECT_KEY, "(no project)".
 */
export const GROUP_KEYS = {
  meter: (series: Pick<UsageSeries, 'meter'>) => series.meter,
  resource: (series: Pick<UsageSeries, 'resourceId'>) => series.resourceId,
  project: (series: Pick<UsageSeries, 'segments' | 'counters' | 'runStarts'>) =>
    projectKeyOf(series),
} satisfies Record<string, (series: UsageSeries) => string>;

export type GroupBy = keyof typeof GROUP_KEYS;

export const GROUP_BY_VALUES = Object.keys(GROUP_KEYS) as GroupBy[];
