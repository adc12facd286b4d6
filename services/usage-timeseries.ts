import type { Principal } from '../domain/principal';
import { bucketEdges, type Granularity } from '../domain/usage/bucket-edges';
import { bucketizeUsage, type BucketedUsage } from '../domain/usage/bucketize';
import { filterUsage } from '../domain/usage/filter';
import type { GroupBy } from '../domain/usage/group-keys';
import { timeseriesCsv } from '../domain/usage/timeseries-csv';
import { loadVisibleUsageScope } from './access';
import {
  loadPricedUsage,
  resolveRange,
  type RangeQuery,
  type UsageAnalyticsDeps,
} from './usage-analytics';

/** Hourly buckets over more than this many days are refused (about 2,400 buckets). */
export const MAX_HOURLY_RANGE_DAYS = 100;

/** Resources shown one by one in a chart stacked by resource unless the query says otherwise. */
export const DEFAULT_TOP_RESOURCES = 25;

export interface TimeseriesQuery extends RangeQuery {
  granularity: Granularity;
  groupBy: GroupBy;
  meter?: string;
  /** Only this project's usage (a project key: always its own; access.ts). */
  projectId?: string;
  /** Groups shown one by one; the rest are added up as '(others)'. Default: 25 resources, all meters. */
  top?: number;
}

export interface UsageTimeseries extends BucketedUsage {
  fromMs: number;
  toMs: number;
  granularity: Granularity;
  groupBy: GroupBy;
  timeZone: string;
  currency: string;
}

/**
 * Usage and cost per hour or per local day of the customer's time zone, stacked by meter,
 * resource or project (domain/usage/group-keys.ts), narrowed to one meter and one project if
 * asked, over [from, to) (default: the current period). Read from the ledger
 * (usage-analytics.ts), so past periods answer as their invoices saw them; each resource's
 * buckets over a whole period add up to its precise invoice amounts.
 */
export async function getUsageTimeseries(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  query: TimeseriesQuery,
): Promise<UsageTimeseries> {
  const { customer, projectId } = await loadVisibleUsageScope(
    deps.db,
    principal,
    customerId,
    query.projectId,
  );
  const maxDays = query.granularity === 'hour' ? MAX_HOURLY_RANGE_DAYS : undefined;
  const range = resolveRange(customer, query, deps.now(), maxDays);
  const priced = await loadPricedUsage(deps, customer, range);
  const periods = filterUsage(priced, { meter: query.meter, projectId }, query.groupBy);
  const edges = bucketEdges(range.fromMs, range.toMs, query.granularity, customer.timezone);
  return {
    ...bucketizeUsage(periods, edges, query.groupBy, {
      limit: query.top ?? (query.groupBy === 'resource' ? DEFAULT_TOP_RESOURCES : undefined),
    }),
    ...range,
    granularity: query.granularity,
    groupBy: query.groupBy,
    timeZone: customer.timezone,
    currency: [...priced].reverse().find((p) => p.currency !== null)?.currency ?? customer.currency,
  };
}

/** The same table as CSV, one row per bucket and group. */
export async function getUsageTimeseriesCsv(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  query: TimeseriesQuery,
): Promise<string> {
  const timeseries = await getUsageTimeseries(deps, principal, customerId, query);
  return timeseriesCsv(timeseries.buckets);
}
