import { appendEvents, loadEventsForReplay } from '../../db/repositories/ledger.repository';
import type { Customer } from '../../domain/customer';
import { invoiceIdFor, invoiceNumbering, usageGroupsOf } from '../../domain/invoice';
import { adjustmentTermsOf } from '../../domain/invoice/late-usage';
import { restatedPeriodLines } from '../../domain/invoice/restatement';
import type { LedgerEvent } from '../../domain/events';
import { remeterPeriod } from '../../domain/metering/remeter';
import type { LateUsage, ResourceUsage } from '../../domain/metering/usage-report';
import type { Price } from '../../domain/rating';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { aTransitPercentilePrice, aVcpuPeakPrice, transitBytes } from '../fixtures/burst-prices';
import { aPlan } from '../fixtures/catalog';
import { aCounterUsage, aRunUsage, aUsageReport } from '../fixtures/usage-reports';
import { databaseEngines, useEngine } from '../support/engines';
import { draftedLines } from '../support/drafted-lines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * A late stop restates a finalized period on a plan with a percentile price (with counters)
 * and an account-wide peak price: the period is metered again from the ledger with burst
 * detail for those meters (services/restate-periods.ts, rateFromLedger: burstMetersOf), so
 * the next period's draft carries the differences instead of failing with invalid_usage.
 */
const S = 1_000;
const H = 3_600 * S;
const DAY = 24 * H;
const INTERVAL = 300 * S;
const P = Date.UTC(2030, 11, 1);
const periodOf = (startMs: number) => ({ startMs, endMs: startMs + DAY });

// vm-1 by run time, 0.10 per hour; transit by the 99.5th percentile (288 intervals a day:
// the highest one dropped), 2.00 per Mbps; vCPUs by the account peak, 1.50 per vCPU; no
// minimum commitment.
const vmPrice: Price = {
  id: 'vm',
  meter: 'compute.vm',
  dimensionsFilter: {},
  groupBy: [],
  model: { type: 'run_time', unit: 'hour', unitPrice: '0.10' },
};
const plan = () =>
  aPlan({
    minimumCommitment: null,
    prices: [vmPrice, aTransitPercentilePrice(), aVcpuPeakPrice()],
  });

/** A counter of port-1 on network.transit, 1 s into interval `index` of period P. */
const transit = (index: number, mbps: number, second = 1): LedgerEvent =>
  anEvent({
    type: 'usage.recorded',
    timestampMs: P + index * INTERVAL + second * S,
    resourceId: 'port-1',
    meter: 'network.transit',
    quantity: transitBytes(mbps),
  });
const vcpu = (type: LedgerEvent['type'], atMs: number, resourceId: string, quantity?: string) =>
  anEvent({
    type,
    timestampMs: atMs,
    resourceId,
    meter: 'compute.vcpu',
    ...(quantity ? { quantity } : {}),
  });
const vm = (type: LedgerEvent['type'], atMs: number) =>
  anEvent({ type, timestampMs: atMs, resourceId: 'vm-1', meter: 'compute.vm' });

/** Period P as its cycle reported it (no burst detail), vm-1 running from 02:00 to the end. */
const periodP: ResourceUsage[] = [
  aCounterUsage('network.transit', transitBytes(900 + 60 + 40 + 30), { resourceId: 'port-1' }),
  aRunUsage(3600, {
    resourceId: 'vm-a',
    meter: 'compute.vcpu',
    quantitySeconds: String(4 * 3600),
    runShares: [{ durationMs: H, quantity: '4' }],
  }),
  aRunUsage(21 * 3600 + 40 * 60, {
    resourceId: 'vm-b',
    meter: 'compute.vcpu',
    quantitySeconds: String(2 * (21 * 3600 + 40 * 60)),
    runShares: [{ durationMs: 21 * H + 40 * 60 * S, quantity: '2' }],
  }),
  aRunUsage(22 * 3600),
];

describe.each(databaseEngines)('restating a period with burst prices on %s', (_name, open) => {
  const handle = useEngine(open);

  const draftOf = (customer: Customer, startMs: number) =>
    draftedLines(handle.db, customer.id, periodOf(startMs));

  test('a late stop and a late counter: the next draft carries +800.00 for transit and -1.20 for vm-1', async () => {
    const db = handle.db;
    const customer = await saveSubscribedCustomer(db, plan(), {
      customer: aCustomer({ billingSchedule: 'daily' }),
    });
    // Sequences 1-4: port-1 900 Mbps in interval 0, 60 + 40 in interval 1, 30 in interval 2;
    // 5-8: vm-a 4 vCPU 01:00-02:00, vm-b 2 vCPU 01:20-23:00; 9: vm-1 started at 02:00.
    await appendEvents(db, [
      toNewEvent(customer.id, transit(0, 900)),
      toNewEvent(customer.id, transit(1, 60)),
      toNewEvent(customer.id, transit(1, 40, 2)),
      toNewEvent(customer.id, transit(2, 30)),
      toNewEvent(customer.id, vcpu('resource.started', P + H, 'vm-a', '4')),
      toNewEvent(customer.id, vcpu('resource.started', P + H + 20 * 60 * S, 'vm-b', '2')),
      toNewEvent(customer.id, vcpu('resource.stopped', P + 2 * H, 'vm-a')),
      toNewEvent(customer.id, vcpu('resource.stopped', P + 23 * H, 'vm-b')),
      toNewEvent(customer.id, vm('resource.started', P + 2 * H)),
    ]);
    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 9,
        report: aUsageReport({ period: periodOf(P), asOfMs: P + DAY, resources: periodP }),
        final: true,
      },
    );
    // vm-1 22 h x 0.10 = 2.20; 288 intervals, the highest (900) dropped: 100 Mbps x 2.00 =
    // 200.00; peak 4 + 2 = 6 vCPU from 01:20 to 02:00: 6 x 1.50 = 9.00.
    expect(await draftOf(customer, P)).toEqual([
      ['transit:[]', '100', '200.00'],
      ['vcpu-peak:[]', '6', '9.00'],
      ['vm:[]', '22', '2.20'],
    ]);
    const finalizedAtMs = P + DAY + S;
    await finalizeInvoice(db, invoiceIdFor(customer.id, P), {
      ...invoiceNumbering(finalizedAtMs),
      finalizedAtMs,
    });

    // After P's close: vm-1's stop stamped 12:00 of P (seq 10), and 500 Mbps of port-1
    // stamped in interval 5 of P (seq 11), which P+1's run reports as a total.
    await appendEvents(db, [
      toNewEvent(customer.id, vm('resource.stopped', P + 12 * H)),
      toNewEvent(customer.id, transit(5, 500)),
    ]);
    const late: LateUsage = {
      periodStartMs: P,
      resourceId: 'port-1',
      meter: 'network.transit',
      dimensions: {},
      quantity: transitBytes(500),
    };
    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 11,
        report: aUsageReport({
          period: periodOf(P + DAY),
          asOfMs: P + 2 * DAY,
          resources: [],
          lateUsage: [late],
          anomalies: {
            duplicateStarts: 0,
            stopsWithoutRun: 0,
            updatesWithoutRun: 0,
            lateLifecycleEvents: 1,
          },
        }),
        final: true,
      },
    );

    // P restated from the ledger: vm-1 10 h x 0.10 = 1.00 against 2.20 billed: -1.20 for
    // -12 h. Transit intervals 900, 100, 30, 500: the 900 dropped, 500 Mbps billed =
    // 1,000.00 against 200.00: +800.00 for 400 Mbps (the late counter is in the restatement,
    // not a separate adjustment). The peak (6) is unchanged: no line.
    expect(await draftOf(customer, P + DAY)).toEqual([
      [`adj-${P}-transit:[]`, '400', '800.00'],
      [`adj-${P}-vm:[]`, '-12', '-1.20'],
    ]);

    // Metered from the ledger without burst detail (before the fix), the percentile and the
    // peak cannot rate the period.
    const events = await loadEventsForReplay(db, customer.id, {
      countersFromMs: P,
      untilMs: P + DAY,
    });
    expect(() =>
      restatedPeriodLines(
        adjustmentTermsOf(plan()),
        usageGroupsOf(remeterPeriod(events, periodOf(P), () => P)),
      ),
    ).toThrow(expect.objectContaining({ code: 'invalid_usage' }));
  });
});
