import type { Page, PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { filterUsage } from '../domain/usage/filter';
import { pageOfResources } from '../domain/usage/resource-page';
import { totalsPerResource, type ResourceTotal } from '../domain/usage/resource-totals';
import { loadVisibleUsageScope } from './access';
import {
  loadPricedUsage,
  resolveRange,
  type RangeQuery,
  type UsageAnalyticsDeps,
} from './usage-analytics';

/**
 * The drill-down from a meter: each resource (and meter) with usage in [from, to) (default:
 * the current period), its usage, cost (over a whole period: its precise invoice amounts),
 * runs and latest dimensions, highest cost first, a page at a time; one meter's and one
 * project's only when asked (a project key: always its own project's).
 */
export async function listResources(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  query: RangeQuery & { meter?: string; projectId?: string; page: PageRequest },
): Promise<Page<ResourceTotal> & { fromMs: number; toMs: number }> {
  const { customer, projectId } = await loadVisibleUsageScope(
    deps.db,
    principal,
    customerId,
    query.projectId,
  );
  const range = resolveRange(customer, query, deps.now());
  const priced = await loadPricedUsage(deps, customer, range);
  const periods = filterUsage(priced, { meter: query.meter, projectId });
  const totals = totalsPerResource(periods, range.fromMs, range.toMs);
  return { ...pageOfResources(totals, query.page), ...range };
}
