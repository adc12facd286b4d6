import type { GroupBy } from './group-keys';
import type { PricedPeriod } from './price-usage';
import { scopeToProject } from './project-scope';
import type { UsageSeries } from './series';

/** The periods with only the series `keep` accepts (one meter, one resource). */
export function keepSeries(
  periods: readonly PricedPeriod[],
  keep: (series: UsageSeries) => boolean,
): PricedPeriod[] {
  return periods.map((period) => ({ ...period, series: period.series.filter(keep) }));
}

/** What a usage read narrows to: one meter, one project (null or absent: every project). */
export interface UsageFilter {
  meter?: string | undefined;
  projectId?: string | null | undefined;
}

/**
 * The usage a read shows: only `filter.meter`'s series, only `filter.projectId`'s usage
 * (project-scope.ts: a resource moved between projects keeps only that project's part, with
 * its cost), and, for `groupBy` project, cut by project so each series has one project's key.
 * Example: {meter: "compute.vm", projectId: "web"} keeps web's VMs; the account's own VMs and
 * data's are left out.
 */
export function filterUsage(
  periods: readonly PricedPeriod[],
  filter: UsageFilter,
  groupBy?: GroupBy,
): readonly PricedPeriod[] {
  const { meter } = filter;
  const ofMeter = meter === undefined ? periods : keepSeries(periods, (s) => s.meter === meter);
  return scopeToProject(ofMeter, filter.projectId ?? null, groupBy === 'project');
}
