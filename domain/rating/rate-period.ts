import { Decimal, toDecimalString } from '../decimal';
import type { Dimensions } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import { currencyExponent, formatAmount, preciseAmount, roundToMinorUnit } from '../money';
import type { LineResource } from './line';
import { compareStrings, createPriceMatcher, lineDimensions } from './match-price';
import { rateWithModel } from './models';
import { parseUsage, type ParsedUsage } from './parse-usage';
import type { RatedLine } from './rated-line';
import type { Price, RatePeriodInput, RatePeriodResult, UsageGroup } from './types';
import { validatePrices } from './validate-prices';

interface PendingLine {
  price: Price;
  dimensions: Dimensions;
  dimensionsKey: string;
  resources: Map<string, ParsedUsage[]>;
}

/**
 * Rates a period's usage against a price list: pure and deterministic (the same usage in any
 * order, with runs in any order, gives the same lines), so it can run in a workflow.
 *
 * Each usage group goes to its most specific price (match-price.ts) and, within it, to the
 * line of its `groupBy` dimensions; one line per (price, group) with one sub-line per
 * resource. The line's precise amount is the sum of its sub-lines'; `amount` is its one
 * rounding to the currency's minor unit. Usage that no price matches is returned, not dropped.
 * Lines are sorted by price id, then dimensions; sub-lines by resource id.
 */
export function ratePeriod({ currency, prices, usage }: RatePeriodInput): RatePeriodResult {
  currencyExponent(currency);
  validatePrices(prices);
  const parsed = parseUsage(usage);
  const match = createPriceMatcher(prices);

  const pending = new Map<string, PendingLine>();
  const unmatched: ParsedUsage[] = [];
  for (const entry of parsed) {
    const { group } = entry;
    const price = match(group.meter, group.dimensions);
    if (price === null) {
      unmatched.push(entry);
      continue;
    }
    const dimensions = lineDimensions(price, group.dimensions);
    const key = price.groupBy === undefined ? entry.dimensionsKey : dimensionsKey(dimensions);
    const lineKey = JSON.stringify([price.id, key]);
    let line = pending.get(lineKey);
    if (line === undefined) {
      line = { price, dimensions: { ...dimensions }, dimensionsKey: key, resources: new Map() };
      pending.set(lineKey, line);
    }
    const entries = line.resources.get(group.resourceId);
    if (entries === undefined) line.resources.set(group.resourceId, [entry]);
    else entries.push(entry);
  }

  const lines = [...pending.values()]
    .sort(
      (a, b) =>
        compareStrings(a.price.id, b.price.id) || compareStrings(a.dimensionsKey, b.dimensionsKey),
    )
    .map((line) => rateLine(line, currency));
  return {
    lines,
    unmatched: unmatched
      .sort(
        (a, b) =>
          compareStrings(a.group.meter, b.group.meter) ||
          compareStrings(a.group.resourceId, b.group.resourceId) ||
          compareStrings(a.dimensionsKey, b.dimensionsKey),
      )
      .map((entry): UsageGroup => entry.group),
  };
}

function rateLine(line: PendingLine, currency: string): RatedLine {
  const { price } = line;
  const resources: LineResource[] = [...line.resources.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([resourceId, entries]) => {
      entries.sort((a, b) => compareStrings(a.dimensionsKey, b.dimensionsKey));
      return {
        resourceId,
        groups: entries.map((entry) => entry.group),
        millis: entries.reduce((sum, entry) => sum + entry.millis, 0),
      };
    });
  const freeUnits = price.freeUnits === undefined ? null : new Decimal(price.freeUnits);
  const rated = rateWithModel(price.model, resources, freeUnits);
  return {
    lineId: `${price.id}:${line.dimensionsKey}`,
    priceId: price.id,
    meter: price.meter,
    dimensions: line.dimensions,
    quantity: toDecimalString(rated.quantity),
    unit: price.unitLabel ?? rated.defaultUnit,
    unitPrice: toDecimalString(rated.unitPrice),
    preciseAmount: preciseAmount(rated.preciseAmount),
    // The one rounding of the line.
    amount: formatAmount(roundToMinorUnit(rated.preciseAmount, currency), currency),
    subLines: rated.subLines.map((sub) => ({
      resourceId: sub.resourceId,
      quantity: toDecimalString(sub.quantity),
      preciseAmount: preciseAmount(sub.preciseAmount),
    })),
  };
}
