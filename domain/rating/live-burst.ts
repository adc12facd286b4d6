import { dimensionsKey } from '../metering/dimensions';
import { burstFiguresOf, type BurstFigure, type LineBurstFigure } from './burst-figures';

/**
 * What the burst rules (baseline, peak, percentile: domain/rating/burst-figures.ts) make of
 * the usage so far, under the plan in effect now, and of the forecast's projected usage.
 */
export interface LiveBurst {
  /** Per entry of `usage.resources`, in its order: the group's own figure, or null. */
  resources: (BurstFigure | null)[];
  /** Per invoice line of a burst price: so far, and in the forecast (the same line). */
  lines: { accrued: LineBurstFigure; forecast: LineBurstFigure | null }[];
}

/**
 * The figures so far and projected, the projected line matched by price and dimensions. The
 * projection keeps percentile counters and peaks as they are and lets open runs run on, so
 * the forecast figures are what the forecast's lines were rated with.
 */
export function liveBurst(
  prices: Parameters<typeof burstFiguresOf>[0],
  accrued: Parameters<typeof burstFiguresOf>[1],
  projected: Parameters<typeof burstFiguresOf>[1],
): LiveBurst {
  const now = burstFiguresOf(prices, accrued);
  const key = (line: LineBurstFigure) =>
    JSON.stringify([line.priceId, dimensionsKey(line.dimensions)]);
  const later = new Map(
    burstFiguresOf(prices, projected, { groups: false }).lines.map((l) => [key(l), l]),
  );
  return {
    resources: now.groups,
    lines: now.lines.map((line) => ({ accrued: line, forecast: later.get(key(line)) ?? null })),
  };
}
