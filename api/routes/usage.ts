import { Router } from 'express';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { forecastToPeriodEnd } from '../../domain/invoice';
import type { LiveUsage } from '../../workflows/definitions';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { loadLiveInvoice } from '../live-invoice';

/** Live usage as the API shows it: instants as RFC 3339, amounts as decimal strings. */
export function usageView(usage: LiveUsage) {
  return {
    customerId: usage.customerId,
    period: { start: toIso(usage.period.startMs), end: toIso(usage.period.endMs) },
    asOf: toIso(usage.asOfMs),
    lastSequence: usage.lastSequence,
    // Run shares are for rating; the API reports totals per resource.
    resources: usage.resources.map(({ runShares: _runShares, ...resource }) => resource),
    meters: usage.meters,
    openRuns: usage.openRuns.map(({ sinceMs, ...run }) => ({ ...run, since: toIso(sinceMs) })),
    closingPeriod: usage.closingPeriod && {
      start: toIso(usage.closingPeriod.startMs),
      end: toIso(usage.closingPeriod.endMs),
    },
    lateUsage: usage.lateUsage.map(({ periodStartMs, ...late }) => ({
      ...late,
      periodStart: toIso(periodStartMs),
    })),
    anomalies: usage.anomalies,
  };
}

export function usageRouter({ database, cycles, now }: ApiDeps): Router {
  const router = Router();

  /** Usage so far, with its cost so far and a forecast to the period end when there is a plan. */
  router.get('/v1/customers/:id/usage', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    // As of the API's clock: inside a query the workflow clock stands at its last task.
    const asOfMs = now();
    const { usage, preview } = await loadLiveInvoice(database.db, cycles, customer, asOfMs);
    const cost = preview && {
      currency: preview.currency,
      accrued: preview.totals.total,
      forecast: forecastToPeriodEnd(
        preview.totals.total,
        preview.currency,
        usage.period,
        usage.asOfMs,
      ),
    };
    res.json({ ...usageView(usage), cost });
  });

  /** A dry run of the current period's invoice: rated as if the period closed now. */
  router.get('/v1/customers/:id/invoice-preview', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    const { usage, preview } = await loadLiveInvoice(database.db, cycles, customer, now());
    if (!preview) {
      throw new BillingError('no_subscription', `customer ${customer.id} has no plan to rate with`);
    }
    res.json({
      customerId: customer.id,
      period: { start: toIso(usage.period.startMs), end: toIso(usage.period.endMs) },
      asOf: toIso(usage.asOfMs),
      planId: preview.planId,
      currency: preview.currency,
      lines: preview.lines,
      subtotal: preview.totals.subtotal,
      totalTax: preview.totals.totalTax,
      total: preview.totals.total,
      unmatchedUsage: preview.unmatched,
    });
  });
  return router;
}
