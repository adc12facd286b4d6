import { liveUsageSchema, liveUsageView } from '../../api/schemas/usage';
import type { Plan } from '../../domain/catalog/plan';
import { invoiceNumbering } from '../../domain/invoice';
import type { OpenRun, ResourceUsage, UsageReport } from '../../domain/metering/usage-report';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { getLiveUsage } from '../../services/get-live-usage';
import type { LiveUsage } from '../../services/preview-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aPlan, anEgressPrice } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { aCounterUsage, aRunUsage, aUsageReport } from '../fixtures/usage-reports';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const H = 3_600_000;
const MARCH = { startMs: Date.UTC(2030, 2, 1), endMs: Date.UTC(2030, 3, 1) };
/** 30 days: 720 h. */
const APRIL = { startMs: Date.UTC(2030, 3, 1), endMs: Date.UTC(2030, 4, 1) };
const operator = { kind: 'operator' } as const;

const vm = (ms: number): ResourceUsage => aRunUsage(ms / 1000);
const counter = (meter: string, quantity: string): ResourceUsage => aCounterUsage(meter, quantity);

const report = (
  period: { startMs: number; endMs: number },
  asOfMs: number,
  resources: ResourceUsage[],
  extra: { openRuns?: OpenRun[]; lateUsage?: UsageReport['lateUsage'] } = {},
): UsageReport =>
  aUsageReport({
    period,
    asOfMs,
    resources,
    meters: [...new Set(resources.map((r) => r.meter))].sort().map((meter) => ({
      meter,
      seconds: '0',
      quantitySeconds: '0',
      quantity: '0',
    })),
    openRuns: extra.openRuns ?? [],
    lateUsage: extra.lateUsage ?? [],
  });

describe.each(databaseEngines)('the forecast on %s', (_name, open) => {
  const handle = useEngine(open);

  async function subscribed(plan: Plan): Promise<string> {
    return (await saveSubscribedCustomer(handle.db, plan)).id;
  }

  const liveUsageOf = async (customerId: string, asOfMs: number, live: UsageReport) => {
    const usage: LiveUsage = {
      ...live,
      customerId,
      lastSequence: 1,
      pendingEvents: 0,
      closingPeriod: null,
    };
    return getLiveUsage(
      { db: handle.db, cycles: { queryUsage: () => Promise.resolve(usage) }, now: () => asOfMs },
      operator,
      customerId,
    );
  };

  test('the projection is rated with the plan; late-usage adjustments are on it once', async () => {
    const db = handle.db;
    // 0.0416 per VM hour; egress 0.09/GB up to 10 GB, then 0.05/GB.
    const customerId = await subscribed(
      aPlan({
        minimumCommitment: null,
        prices: [
          {
            id: 'vm',
            meter: 'compute.vm',
            dimensionsFilter: {},
            groupBy: [],
            model: { type: 'run_time', unit: 'hour', unitPrice: '0.0416' },
          },
          anEgressPrice({ groupBy: [] }),
        ],
      }),
    );
    // March: 9 GB of egress = 0.81, finalized.
    await saveUsageSummary(
      { db },
      {
        customerId,
        lastSequence: 1,
        report: report(MARCH, MARCH.endMs, [counter('network.egress', '9')]),
        final: true,
      },
    );
    const march = await draftPeriodInvoice({ db }, { customerId, period: MARCH });
    await finalizeInvoice(db, march.invoiceId as string, {
      ...invoiceNumbering(APRIL.startMs + 1000),
      finalizedAtMs: APRIL.startMs + 1000,
    });

    // April, 24 h in: the VM has run since the period start, 1 GB of egress, and 3 GB of
    // March arrived after its invoice was final.
    const asOfMs = APRIL.startMs + 24 * H;
    const { usage, cost } = await liveUsageOf(
      customerId,
      asOfMs,
      report(APRIL, asOfMs, [counter('network.egress', '1'), vm(24 * H)], {
        openRuns: [
          {
            resourceId: 'vm-1',
            meter: 'compute.vm',
            dimensions: {},
            quantity: '1',
            sinceMs: APRIL.startMs,
          },
        ],
        lateUsage: [
          {
            periodStartMs: MARCH.startMs,
            resourceId: 'client',
            meter: 'network.egress',
            dimensions: {},
            quantity: '3',
          },
        ],
      }),
    );
    // So far: VM 0.0416 x 24 = 0.9984 -> 1.00; egress 1 x 0.09 = 0.09; March adjustment:
    // 12 GB = 10 x 0.09 + 2 x 0.05 = 1.00, less the 0.81 billed = 0.19. Total 1.28.
    // Projected: VM 0.0416 x 720 = 29.952 -> 29.95; egress 1 GB a day -> 30 GB =
    // 10 x 0.09 + 20 x 0.05 = 1.90; the adjustment once, 0.19. Total 32.04.
    // (A linear burn rate said 1.28 x 30 = 38.40.)
    expect(cost).toEqual({
      currency: 'EUR',
      accrued: '1.28',
      forecast: '32.04',
      meters: [
        { meter: 'compute.vm', accrued: '1.00', forecast: '29.95' },
        { meter: 'network.egress', accrued: '0.28', forecast: '2.09' },
      ],
    });
    const wire = JSON.parse(JSON.stringify(liveUsageView(usage, cost))) as unknown;
    expect(liveUsageSchema.parse(wire).cost).toEqual(cost);
  });

  test('a 20.00 commitment with 0.01 of usage forecasts 20.00', async () => {
    const customerId = await subscribed(
      aPlan({
        minimumCommitment: '20.00',
        prices: [
          {
            id: 'api',
            meter: 'api.calls',
            dimensionsFilter: {},
            model: { type: 'counter', unitPrice: '0.01' },
          },
        ],
      }),
    );
    // 1 call (0.01) in the first hour of 720 -> 720 calls = 7.20, under the commitment.
    const asOfMs = APRIL.startMs + H;
    const { cost } = await liveUsageOf(
      customerId,
      asOfMs,
      report(APRIL, asOfMs, [counter('api.calls', '1')]),
    );
    expect(cost).toEqual({
      currency: 'EUR',
      accrued: '20.00',
      forecast: '20.00',
      meters: [{ meter: 'api.calls', accrued: '0.01', forecast: '7.20' }],
    });
  });
});
