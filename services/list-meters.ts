import type { Principal } from '../domain/principal';
import {
  totalsPerMeter,
  totalsPerResource,
  type MeterTotal,
} from '../domain/usage/resource-totals';
import { filterUsage } from '../domain/usage/filter';
import { loadVisibleUsageScope } from './access';
import {
  loadPricedUsage,
  resolveRange,
  type RangeQuery,
  type UsageAnalyticsDeps,
} from './usage-analytics';

/**
 * The usage categories (meters) of [from, to) (default: the current period), with their sums;
 * one project's only when asked (a project key: always its own).
 */
export async function listMeters(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  query: RangeQuery & { projectId?: string },
): Promise<{ fromMs: number; toMs: number; meters: MeterTotal[] }> {
  const { customer, projectId } = await loadVisibleUsageScope(
    deps.db,
    principal,
    customerId,
    query.projectId,
  );
  const range = resolveRange(customer, query, deps.now());
  const priced = filterUsage(await loadPricedUsage(deps, customer, range), { projectId });
  return { ...range, meters: totalsPerMeter(totalsPerResource(priced, range.fromMs, range.toMs)) };
}
