import { usageGroupsOf } from '../invoice/draft-invoice';
import { dimensionsKey } from '../metering/dimensions';
import { ratePeriod } from '../rating';
import { createPriceMatcher } from '../rating/match-price';
import type { RatedLine } from '../rating/rated-line';
import type { Measure, Price } from '../rating/types';
import { measureOfModel } from './measure';
import { projectGroupLineId } from './project-line-id';
import type { PeriodUsage } from './replay-ledger';

/**
 * One invoice sub-line of a (resource, meter): the resource's precise share of a rated line,
 * the figure the line's price reads, and the dimension sets of the usage it rated.
 */
export interface CostPart {
  lineId: string;
  amount: string;
  measure: Measure;
  dimensionsKeys: ReadonlySet<string>;
}

/** A period's usage with the plan that rates it. */
export interface PricedPeriod extends PeriodUsage {
  currency: string | null;
  prices: readonly Price[];
  lines: readonly RatedLine[];
  /** Per (resource, meter) key (costKey): its sub-lines; absent when no price matched it. */
  costs: ReadonlyMap<string, CostPart[]>;
}

export const costKey = (resourceId: string, meter: string): string =>
  JSON.stringify([resourceId, meter]);

/**
 * Rates a period's usage exactly as its invoice does (ratePeriod over the same usage report:
 * per-run minimums, increments, caps, tiers and free units included) and keeps, per resource
 * and meter, the precise sub-line amounts: the figures the invoice's drill-down shows. The
 * minimum-commitment top-up, coupons and taxes belong to no resource and are left out.
 * Without a plan (`terms` null) nothing is priced.
 */
export function priceUsage(
  usage: PeriodUsage,
  terms: { currency: string; prices: readonly Price[] } | null,
): PricedPeriod {
  if (terms === null) {
    return { ...usage, currency: null, prices: [], lines: [], costs: new Map() };
  }
  const prices = [...terms.prices];
  const { lines } = ratePeriod({
    currency: terms.currency,
    prices,
    usage: usageGroupsOf(usage.report.resources),
  });
  const subLines = new Map<string, string>();
  for (const line of lines) {
    for (const sub of line.subLines) {
      subLines.set(JSON.stringify([line.lineId, sub.resourceId]), sub.preciseAmount);
    }
  }
  // The line of each usage group, derived as ratePeriod derives it (rate-period.ts), a
  // project's part of an organization-wide line included (project-line-id.ts).
  const match = createPriceMatcher(prices);
  const costs = new Map<string, CostPart[]>();
  for (const group of usage.report.resources) {
    const price = match(group.meter, group.dimensions);
    if (price === null) continue;
    const groupKey = dimensionsKey(group.dimensions);
    const lineId = projectGroupLineId(price, group.dimensions);
    const amount = subLines.get(JSON.stringify([lineId, group.resourceId]));
    if (amount === undefined) continue;
    const key = costKey(group.resourceId, group.meter);
    const parts = costs.get(key) ?? [];
    const part = parts.find((p) => p.lineId === lineId);
    if (part) (part.dimensionsKeys as Set<string>).add(groupKey);
    else {
      parts.push({
        lineId,
        amount,
        measure: measureOfModel(price.model),
        dimensionsKeys: new Set([groupKey]),
      });
    }
    costs.set(key, parts);
  }
  return { ...usage, currency: terms.currency, prices, lines, costs };
}
