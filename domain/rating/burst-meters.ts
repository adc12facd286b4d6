import type { Price } from './types';

/**
 * The meters whose usage the `peak` and `percentile` models rate from burst detail: what the
 * billing-cycle workflow must keep per interval and report with segments
 * (MeteringState.burstMeters). Sorted and unique, so the same plan always gives the same
 * list. Example: prices transit (percentile, network.transit), vcpu (peak, compute.vcpu),
 * vm (run_time, compute.vm) -> ["compute.vcpu", "network.transit"].
 */
export function burstMetersOf(prices: readonly Price[]): string[] {
  const meters = new Set<string>();
  for (const price of prices) {
    if (price.model.type === 'peak' || price.model.type === 'percentile') meters.add(price.meter);
  }
  return [...meters].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
