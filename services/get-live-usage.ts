import {
  costPerMeter,
  draftInvoice,
  projectUsageToPeriodEnd,
  usageGroupsOf,
  type MeterCost,
} from '../domain/invoice';
import { projectSegmentsToPeriodEnd } from '../domain/invoice/plan-segments';
import { dimensionsKey } from '../domain/metering/dimensions';
import type { Principal } from '../domain/principal';
import {
  burstFiguresOf,
  type BurstFigure,
  type LineBurstFigure,
} from '../domain/rating/burst-figures';
import { loadVisibleCustomer } from './access';
import { loadLiveInvoice, type LiveInvoiceDeps, type LiveUsage } from './preview-invoice';

/** What the period costs so far (the preview's total) and projected to its end. */
export interface LiveCost {
  currency: string;
  accrued: string;
  forecast: string;
  /** The same per meter: the lines of each meter, before coupons and taxes. */
  meters: MeterCost[];
}

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
 * Usage so far, with its cost so far and a forecast to the period end when the customer
 * has a plan (null otherwise). The cost so far is the total of the invoice the period would
 * get now. The forecast is the total of the invoice the period would get if the current
 * state went on to its end (open runs keep running, counters keep their average rate so
 * far: `projectUsageToPeriodEnd`), drafted by the same assembly with the same plan, so caps,
 * tiers, minimums and the minimum commitment apply; late-usage adjustments are on it once,
 * as they are.
 */
export async function getLiveUsage(
  deps: LiveInvoiceDeps,
  principal: Principal,
  customerId: string,
): Promise<{ usage: LiveUsage; cost: LiveCost | null; burst: LiveBurst | null }> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const { usage, preview, context, segments } = await loadLiveInvoice(deps, customer.id);
  if (!preview || !context) return { usage, cost: null, burst: null };
  const accruedUsage = usageGroupsOf(usage.resources);
  const projectedUsage = projectUsageToPeriodEnd({
    period: usage.period,
    asOfMs: usage.asOfMs,
    usage: accruedUsage,
    openRuns: usage.openRuns,
  });
  // Drafted with the preview's own context: one load, the same plan and adjustments.
  const forecast = draftInvoice({
    ...context,
    customerId: customer.id,
    period: usage.period,
    usage: projectedUsage,
    // A plan change inside the period: each segment projected on its own plan.
    ...(segments
      ? { segments: projectSegmentsToPeriodEnd(segments, usage.asOfMs, usage.openRuns) }
      : {}),
  });
  return {
    usage,
    // A plan change inside the period rates each segment on its own plan: no one set of
    // figures describes the period then, so none is given.
    burst: segments ? null : liveBurst(context.terms.prices, accruedUsage, projectedUsage),
    cost: {
      currency: preview.currency,
      accrued: preview.totals.total,
      forecast: forecast.totals.total,
      meters: costPerMeter({
        currency: preview.currency,
        meters: usage.meters.map((meter) => meter.meter),
        accrued: preview.lines,
        forecast: forecast.lines,
      }),
    },
  };
}

/**
 * The figures so far and projected, the projected line matched by price and dimensions. The
 * projection keeps percentile counters and peaks as they are and lets open runs run on, so
 * the forecast figures are what the forecast's lines were rated with.
 */
function liveBurst(
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
