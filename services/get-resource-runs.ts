import type { Principal } from '../domain/principal';
import { keepSeries } from '../domain/usage/filter';
import { sumDecimalStrings, totalsPerResource } from '../domain/usage/resource-totals';
import { runsOfResource, type RunView } from '../domain/usage/runs';
import { loadVisibleCustomer } from './access';
import {
  loadPricedUsage,
  resolveRange,
  type RangeQuery,
  type UsageAnalyticsDeps,
} from './usage-analytics';

export interface ResourceRuns {
  resourceId: string;
  currency: string;
  fromMs: number;
  toMs: number;
  runs: RunView[];
  /** The resource over the range (every meter): its usage and cost, as the resource list shows. */
  total: { quantity: string; cost: string | null };
}

/**
 * One resource's runs in [from, to) (default: the current period) on a timeline: start,
 * stop, each resize as a segment with its quantity, seconds, usage and cost. A resource
 * without usage in the range has no runs (an empty list, not a 404: usage may come later).
 */
export async function getResourceRuns(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  resourceId: string,
  query: RangeQuery,
): Promise<ResourceRuns> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const range = resolveRange(customer, query, deps.now());
  const priced = keepSeries(
    await loadPricedUsage(deps, customer, range),
    (s) => s.resourceId === resourceId,
  );
  const totals = totalsPerResource(priced, range.fromMs, range.toMs);
  const priceless = totals.every((t) => t.cost === null);
  return {
    resourceId,
    currency: [...priced].reverse().find((p) => p.currency !== null)?.currency ?? customer.currency,
    ...range,
    runs: runsOfResource(priced, resourceId, range.fromMs, range.toMs),
    total: {
      quantity: sumDecimalStrings(totals.map((t) => t.quantity)),
      cost:
        priceless && totals.length > 0 ? null : sumDecimalStrings(totals.map((t) => t.cost ?? '0')),
    },
  };
}
