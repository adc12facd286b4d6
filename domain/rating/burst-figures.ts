import { Decimal, toDecimalString } from '../decimal';
import type { Dimensions } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import { projectOf, withoutProject } from '../projects/project-dimension';
import type { LineResource } from './line';
import { compareStrings, createPriceMatcher, lineDimensions } from './match-price';
import { peakOf, peakWeights } from './models/peak';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_PERCENTILE, percentileRates } from './models/percentile';
import { baselineOf, overageSeconds } from './models/quantity-time';
import { parseUsage, type ParsedUsage } from './parse-usage';
import type {
  BurstScope,
  PeakModel,
  PercentileModel,
  Price,
  QuantityTimeModel,
  UsageGroup,
} from './types';

/**
 * What a burst rule makes of usage so far, as figures (the invoice line's note says the
 * same in words). Quantities are decimal strings in the usage's own units, before free
 * units and unit divisors; instants are epoch milliseconds.
 * - baseline: quantity-seconds above the baseline (what the price bills, per second);
 * - peak: the high-water mark and the first instant it was held (null when nothing was held,
 *   or for a scope whose peaks fall at several instants);
 * - percentile: the running rate (per second / rateDivisor), of `intervals` elapsed, the top
 *   `dropped` of them left out.
 */
export type BurstFigure =
  | { rule: 'baseline'; priceId: string; baseline: string; overageQuantitySeconds: string }
  | { rule: 'peak'; priceId: string; scope: BurstScope; peak: string; peakAtMs: number | null }
  | {
      rule: 'percentile';
      priceId: string;
      scope: BurstScope;
      percentile: number;
      intervalSeconds: number;
      rate: string;
      intervals: number;
      dropped: number;
    };

/** A line's figure: the (price, line dimensions) the invoice would have a line for. */
export type LineBurstFigure = BurstFigure & { meter: string; dimensions: Dimensions };

export interface BurstFigures {
  /**
   * Per usage group, in the order given: its own figure (scope 'resource'), or null (no burst
   * price, or not asked for).
   */
  groups: (BurstFigure | null)[];
  /** Per line of a burst price, sorted by price id and line dimensions. */
  lines: LineBurstFigure[];
}

type BurstPrice = Price & { model: PeakModel | PercentileModel | QuantityTimeModel };

const isBurst = (price: Price): price is BurstPrice =>
  price.model.type === 'peak' ||
  price.model.type === 'percentile' ||
  (price.model.type === 'quantity_time' &&
    (price.model.baseline !== undefined || price.model.baselineDimension !== undefined));

/**
 * The burst figures of a period's usage under a price list: each group goes to its price
 * (match-price.ts) and line as ratePeriod sends it, and the line's figure is the model's own
 * computation (models/quantity-time.ts, peak.ts, percentile.ts), so the figures are what the
 * invoice rates. Example: baseline 0.5, a VM 1 h at 0.5, 30 min at 2 and 30 min at 1 vCPU ->
 * { rule: 'baseline', baseline: '0.5', overageQuantitySeconds: '3600' } for the VM and its
 * line; two containers of 4 and 2 overlapping, peak scope account -> line peak '6' at the
 * instant the second starts, each container its own peak ('4' and '2').
 */
export function burstFiguresOf(
  prices: readonly Price[],
  usage: readonly UsageGroup[],
  options: { groups?: boolean } = {},
): BurstFigures {
  // `groups: false`: the lines only (each group's own figure costs a model run per group).
  const ownFigures = options.groups ?? true;
  if (!prices.some(isBurst)) return { groups: usage.map(() => null), lines: [] };
  const match = createPriceMatcher(prices);
  const lines = new Map<string, { price: BurstPrice; dimensions: Dimensions; key: string }>();
  const members = new Map<string, Map<string, ParsedUsage[]>>();
  const groups = parseUsage(usage).map((entry): BurstFigure | null => {
    const { group } = entry;
    const price = match(group.meter, group.dimensions);
    if (price === null || !isBurst(price)) return null;
    // The line of ratePeriod: the price's groupBy dimensions, projects gathered unless grouped.
    const dimensions = lineDimensions(
      price,
      price.groupBy === undefined ? withoutProject(group.dimensions) : group.dimensions,
    );
    const key = dimensionsKey(dimensions);
    const lineKey = JSON.stringify([price.id, key]);
    if (!lines.has(lineKey)) lines.set(lineKey, { price, dimensions: { ...dimensions }, key });
    const resources = members.get(lineKey) ?? new Map<string, ParsedUsage[]>();
    const resourceKey = JSON.stringify([group.resourceId, projectOf(group.dimensions) ?? '']);
    resources.set(resourceKey, [...(resources.get(resourceKey) ?? []), entry]);
    members.set(lineKey, resources);
    return ownFigures ? figureOf(price, [lineResource([entry])], true) : null;
  });
  const figures = [...lines.entries()]
    .sort(([, a], [, b]) => compareStrings(a.price.id, b.price.id) || compareStrings(a.key, b.key))
    .map(([lineKey, { price, dimensions }]): LineBurstFigure => {
      const resources = [...(members.get(lineKey) ?? new Map<string, ParsedUsage[]>()).entries()]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([, entries]) => lineResource(entries));
      return { ...figureOf(price, resources, false), meter: price.meter, dimensions };
    });
  return { groups, lines: figures };
}

function lineResource(entries: ParsedUsage[]): LineResource {
  const sorted = [...entries].sort((a, b) => compareStrings(a.dimensionsKey, b.dimensionsKey));
  return {
    resourceId: sorted[0]?.group.resourceId ?? '',
    groups: sorted.map((entry) => entry.group),
    millis: sorted.reduce((sum, entry) => sum + entry.millis, 0),
  };
}

/** A line's figure, or (`own`) one resource's: its own peak and percentile. */
function figureOf(price: BurstPrice, resources: LineResource[], own: boolean): BurstFigure {
  const { model } = price;
  const sum = (values: Decimal[]) => toDecimalString(Decimal.sum(0, ...values));
  switch (model.type) {
    case 'peak': {
      const scope = own ? 'resource' : (model.scope ?? 'account');
      if (own) {
        // The first instant the resource held its own peak, from its segments when kept.
        const segments = resources[0]?.groups.flatMap((g) => g.burst?.segments ?? []) ?? [];
        const peak = peakOf([segments]);
        const { weights } = peakWeights({ ...model, scope }, resources);
        return { rule: 'peak', priceId: price.id, scope, peak: sum(weights), peakAtMs: peak.atMs };
      }
      const { weights, atMs } = peakWeights(model, resources);
      return { rule: 'peak', priceId: price.id, scope, peak: sum(weights), peakAtMs: atMs };
    }
    case 'percentile': {
      const scope = own ? 'resource' : (model.scope ?? 'resource');
      const { count, dropped, rates } = percentileRates({ ...model, scope }, resources);
      return {
        rule: 'percentile',
        priceId: price.id,
        scope,
        percentile: model.percentile ?? DEFAULT_PERCENTILE,
        intervalSeconds: model.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
        rate: sum(rates),
        intervals: count,
        dropped,
      };
    }
    case 'quantity_time': {
      const first = resources[0]?.groups[0];
      const baseline =
        own && first !== undefined ? baselineOf(first, model) : new Decimal(model.baseline ?? '0');
      return {
        rule: 'baseline',
        priceId: price.id,
        baseline: toDecimalString(baseline),
        overageQuantitySeconds: sum(resources.map((r) => overageSeconds(r, model))),
      };
    }
  }
}
