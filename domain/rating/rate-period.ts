import { Decimal, toDecimalString } from '../decimal';
import type { Dimensions } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import { currencyExponent, formatAmount, preciseAmount, roundToMinorUnit } from '../money';
import { projectOf, withoutProject } from '../projects/project-dimension';
import { splitLineByProject } from '../projects/split-line';
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
  /** Per resource and project (a resource moved between projects has one entry per project). */
  resources: Map<string, { resourceId: string; projectId: string | null; entries: ParsedUsage[] }>;
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
    // Organization-wide pricing: a line gathers every project's usage (the project is not one
    // of its dimensions unless the price groups by it), and is split by project after rating.
    const projectId = projectOf(group.dimensions);
    const dimensions = lineDimensions(
      price,
      price.groupBy === undefined ? withoutProject(group.dimensions) : group.dimensions,
    );
    const key =
      price.groupBy === undefined && projectId === null
        ? entry.dimensionsKey
        : dimensionsKey(dimensions);
    const lineKey = JSON.stringify([price.id, key]);
    let line = pending.get(lineKey);
    if (line === undefined) {
      line = { price, dimensions: { ...dimensions }, dimensionsKey: key, resources: new Map() };
      pending.set(lineKey, line);
    }
    const resourceKey = JSON.stringify([group.resourceId, projectId]);
    const resource = line.resources.get(resourceKey);
    if (resource === undefined) {
      line.resources.set(resourceKey, {
        resourceId: group.resourceId,
        projectId,
        entries: [entry],
      });
    } else resource.entries.push(entry);
  }

  const lines = [...pending.values()]
    .sort(
      (a, b) =>
        compareStrings(a.price.id, b.price.id) || compareStrings(a.dimensionsKey, b.dimensionsKey),
    )
    .flatMap((line) => splitLineByProject(rateLine(line, currency), currency));
  return {
    lines,
    unmatched: unmatched
      .sort(
        (a, b) =>
          compareStrings(a.group.meter, b.group.meter) ||
          compareStrings(a.group.resourceId, b.group.resourceId) ||
          compareStrings(a.dimensionsKey, b.dimensionsKey),
      )
      // Reported as totals and runs: the burst detail is for rating only.
      .map(({ group }): UsageGroup => (group.burst === undefined ? group : withoutBurst(group))),
  };
}

function rateLine(line: PendingLine, currency: string): RatedLine {
  const { price } = line;
  const byResource = [...line.resources.values()].sort(
    (a, b) =>
      compareStrings(a.resourceId, b.resourceId) ||
      compareStrings(a.projectId ?? '', b.projectId ?? ''),
  );
  const resources: LineResource[] = byResource.map(({ resourceId, entries }) => {
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
    unit:
      rated.note === undefined
        ? (price.unitLabel ?? rated.defaultUnit)
        : `${price.unitLabel ?? rated.defaultUnit} (${rated.note})`,
    unitPrice: toDecimalString(rated.unitPrice),
    preciseAmount: preciseAmount(rated.preciseAmount),
    // The one rounding of the line.
    amount: formatAmount(roundToMinorUnit(rated.preciseAmount, currency), currency),
    subLines: rated.subLines.map((sub, i) => {
      const projectId = byResource[i]?.projectId ?? null;
      return {
        resourceId: sub.resourceId,
        quantity: toDecimalString(sub.quantity),
        preciseAmount: preciseAmount(sub.preciseAmount),
        ...(projectId === null ? {} : { projectId }),
      };
    }),
  };
}

function withoutBurst({ burst: _burst, ...group }: UsageGroup): UsageGroup {
  return group;
}
