import type { Dimensions } from '../events';
import type { Price } from './types';

/**
 * Finds the price of a usage group: same meter, every key of `dimensionsFilter` equal in the
 * usage's dimensions (a subset match). The most specific match wins, the one whose filter has
 * the most keys; on a tie the lowest price id (code-unit order) wins, so the choice never
 * depends on the order of the price list. Example: filters {} (id "vm"), {region: "fsn1"}
 * (id "vm-fsn1") and {size: "cx22"} (id "vm-cx22") on {region: "fsn1", size: "cx22"} ->
 * "vm-cx22" ("vm-cx22" < "vm-fsn1", both one key).
 */
export function createPriceMatcher(
  prices: readonly Price[],
): (meter: string, dimensions: Dimensions) => Price | null {
  const byMeter = new Map<string, { price: Price; filter: [string, string][] }[]>();
  for (const price of prices) {
    const candidates = byMeter.get(price.meter) ?? [];
    candidates.push({ price, filter: Object.entries(price.dimensionsFilter) });
    byMeter.set(price.meter, candidates);
  }
  for (const candidates of byMeter.values()) {
    candidates.sort(
      (a, b) => b.filter.length - a.filter.length || compareStrings(a.price.id, b.price.id),
    );
  }
  return (meter, dimensions) => {
    const candidates = byMeter.get(meter);
    if (candidates === undefined) return null;
    for (const { price, filter } of candidates) {
      if (
        filter.every(([key, value]) => Object.hasOwn(dimensions, key) && dimensions[key] === value)
      ) {
        return price;
      }
    }
    return null;
  };
}

/** The dimensions a line is split by: the `groupBy` keys the usage has, or all of them. */
export function lineDimensions(price: Price, dimensions: Dimensions): Dimensions {
  if (price.groupBy === undefined) return dimensions;
  const picked: Dimensions = {};
  for (const key of price.groupBy) {
    const value = dimensions[key];
    if (value !== undefined && Object.hasOwn(dimensions, key)) picked[key] = value;
  }
  return picked;
}

/** Plain code-unit order: locale-independent, so ids sort the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
