import { Router } from 'express';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import type { LiveUsage } from '../../workflows/definitions';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';

/** Live usage as the API shows it: instants as RFC 3339, amounts as decimal strings. */
export function usageView(usage: LiveUsage) {
  return {
    customerId: usage.customerId,
    period: { start: toIso(usage.period.startMs), end: toIso(usage.period.endMs) },
    asOf: toIso(usage.asOfMs),
    lastSequence: usage.lastSequence,
    resources: usage.resources,
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
  router.get('/v1/customers/:id/usage', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    let usage: LiveUsage;
    try {
      // As of the API's clock: inside a query the workflow clock stands at its last task.
      usage = await cycles.queryUsage(customer.id, now());
    } catch (error) {
      throw new BillingError('temporal_unavailable', 'live usage is unavailable right now', {
        retryable: true,
        cause: error,
      });
    }
    res.json(usageView(usage));
  });
  return router;
}
