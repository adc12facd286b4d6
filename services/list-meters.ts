import type { Principal } from '../domain/principal';
import {
  totalsPerMeter,
  totalsPerResource,
  type MeterTotal,
} from '../domain/usage/resource-totals';
import { loadVisibleCustomer } from './access';
import {
  loadPricedUsage,
  resolveRange,
  type RangeQuery,
  type UsageAnalyticsDeps,
} from './usage-analytics';

/** The usage categories (meters) of [from, to) (default: the current period), with their sums. */
export async function listMeters(
  deps: UsageAnalyticsDeps,
  principal: Principal,
  customerId: string,
  query: RangeQuery,
): Promise<{ fromMs: number; toMs: number; meters: MeterTotal[] }> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const range = resolveRange(customer, query, deps.now());
  const priced = await loadPricedUsage(deps, customer, range);
  return { ...range, meters: totalsPerMeter(totalsPerResource(priced, range.fromMs, range.toMs)) };
}
