import {
  costPerMeter,
  draftInvoice,
  projectUsageToPeriodEnd,
  usageGroupsOf,
  type MeterCost,
} from '../domain/invoice';
import { projectSegmentsToPeriodEnd } from '../domain/invoice/plan-segments';
import type { Principal } from '../domain/principal';
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
): Promise<{ usage: LiveUsage; cost: LiveCost | null }> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const { usage, preview, context, segments } = await loadLiveInvoice(deps, customer.id);
  if (!preview || !context) return { usage, cost: null };
  // Drafted with the preview's own context: one load, the same plan and adjustments.
  const forecast = draftInvoice({
    ...context,
    customerId: customer.id,
    period: usage.period,
    usage: projectUsageToPeriodEnd({
      period: usage.period,
      asOfMs: usage.asOfMs,
      usage: usageGroupsOf(usage.resources),
      openRuns: usage.openRuns,
    }),
    // A plan change inside the period: each segment projected on its own plan.
    ...(segments
      ? { segments: projectSegmentsToPeriodEnd(segments, usage.asOfMs, usage.openRuns) }
      : {}),
  });
  return {
    usage,
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
