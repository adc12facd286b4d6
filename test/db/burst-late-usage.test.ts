import { appendEvents } from '../../db/repositories/ledger.repository';
import { loadUsageSummaryLines } from '../../db/repositories/usage-summaries.repository';
import type { Customer } from '../../domain/customer';
import {
  invoiceIdFor,
  invoiceNumbering,
  rateLateUsageAdjustments,
  usageGroupsOf,
} from '../../domain/invoice';
import { adjustmentTermsOf } from '../../domain/invoice/late-usage';
import type { LedgerEvent } from '../../domain/events';
import type { LateUsage, ResourceUsage } from '../../domain/metering/usage-report';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { loadLateUsageAdjustments } from '../../services/late-usage-adjustments';
import { loadLiveInvoice, type LiveUsage } from '../../services/preview-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { aTransitPercentilePrice, aVcpuPeakPrice, transitBytes } from '../fixtures/burst-prices';
import { aPlan } from '../fixtures/catalog';
import { aCounterUsage, aRunUsage, aUsageReport } from '../fixtures/usage-reports';
import { databaseEngines, useEngine } from '../support/engines';
import { draftedLines } from '../support/drafted-lines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * Late counters of a finalized period whose summary has no burst detail (its billing cycle
 * read "no burst meters" before the subscription came: docs/billing-rules.md, "A burst price
 * that arrives after the cycle started"). The period's invoice was drafted from the ledger
 * backfill. A late counter of it is charged on the next invoice instead of failing with
 * invalid_usage: the close and the preview restate the period from the ledger
 * (services/restate-periods.ts, lacksBurstDetail), since the run that reports the counter
 * may keep no interval for it; the counter-only adjustment re-rates it on the same backfill
 * (services/late-usage-adjustments.ts, withBurstDetail) when the counter has its interval.
 */
const S = 1_000;
const H = 3_600 * S;
const DAY = 24 * H;
const INTERVAL = 300 * S;
const P = Date.UTC(2030, 11, 1);
const periodOf = (startMs: number) => ({ startMs, endMs: startMs + DAY });

// Transit by the 99.5th percentile (288 intervals a day: the highest one dropped), 2.00 per
// Mbps; vCPUs by the account peak, 1.50 per vCPU; no minimum commitment.
const plan = () =>
  aPlan({ minimumCommitment: null, prices: [aTransitPercentilePrice(), aVcpuPeakPrice()] });

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

/** Period P as a cycle without burst meters reports it: the same totals, no `burst`. */
const periodPWithoutBurst: ResourceUsage[] = [
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
];

describe.each(databaseEngines)(
  'late counters of a period backfilled with burst detail on %s',
  (_name, open) => {
    const handle = useEngine(open);

    /** Draft of a period from a saved (final) summary: its line ids, quantities and amounts. */
    const draftOf = (customer: Customer, startMs: number) =>
      draftedLines(handle.db, customer.id, periodOf(startMs));

    async function finalize(customer: Customer, startMs: number) {
      const finalizedAtMs = startMs + DAY + S;
      await finalizeInvoice(handle.db, invoiceIdFor(customer.id, startMs), {
        ...invoiceNumbering(finalizedAtMs),
        finalizedAtMs,
      });
    }

    /**
     * A customer whose period P is finalized from a summary without burst detail: port-1 sent
     * 900 Mbps in interval 0, 60 + 40 in interval 1, 30 in interval 2 (sequences 1-4); vm-a
     * had 4 vCPU 01:00-02:00, vm-b 2 vCPU 01:20-23:00 (sequences 5-8).
     */
    async function customerWithPeriodPFinalized() {
      const db = handle.db;
      const customer = await saveSubscribedCustomer(db, plan(), {
        customer: aCustomer({ billingSchedule: 'daily' }),
      });
      await appendEvents(db, [
        toNewEvent(customer.id, transit(0, 900)),
        toNewEvent(customer.id, transit(1, 60)),
        toNewEvent(customer.id, transit(1, 40, 2)),
        toNewEvent(customer.id, transit(2, 30)),
        toNewEvent(customer.id, vcpu('resource.started', P + H, 'vm-a', '4')),
        toNewEvent(customer.id, vcpu('resource.started', P + H + 20 * 60 * S, 'vm-b', '2')),
        toNewEvent(customer.id, vcpu('resource.stopped', P + 2 * H, 'vm-a')),
        toNewEvent(customer.id, vcpu('resource.stopped', P + 23 * H, 'vm-b')),
      ]);
      await saveUsageSummary(
        { db },
        {
          customerId: customer.id,
          lastSequence: 8,
          report: aUsageReport({
            period: periodOf(P),
            asOfMs: P + DAY,
            resources: periodPWithoutBurst,
          }),
          final: true,
        },
      );
      // The summary as stored has no burst detail: the draft backfills it from the ledger.
      const stored = await loadUsageSummaryLines(db, customer.id, P);
      expect(stored.map((line) => [line.resourceId, line.burst ?? null])).toEqual([
        ['port-1', null],
        ['vm-a', null],
        ['vm-b', null],
      ]);
      // 288 intervals, the highest (900) dropped: 100 Mbps x 2.00 = 200.00. Peak: 4 + 2 = 6
      // vCPU from 01:20 to 02:00: 6 x 1.50 = 9.00.
      expect(await draftOf(customer, P)).toEqual([
        ['transit:[]', '100', '200.00'],
        ['vcpu-peak:[]', '6', '9.00'],
      ]);
      await finalize(customer, P);
      return customer;
    }

    /** 500 Mbps of port-1 stamped in interval 5 of P, reaching the ledger after P's close (seq 9). */
    async function appendLateCounter(customer: Customer) {
      await appendEvents(handle.db, [toNewEvent(customer.id, transit(5, 500))]);
    }

    const lateCounter = (intervals?: Record<string, string>): LateUsage => ({
      periodStartMs: P,
      resourceId: 'port-1',
      meter: 'network.transit',
      dimensions: {},
      quantity: transitBytes(500),
      ...(intervals ? { intervals } : {}),
    });

    async function saveSummaryOfNextPeriod(customer: Customer, late: LateUsage) {
      await saveUsageSummary(
        { db: handle.db },
        {
          customerId: customer.id,
          lastSequence: 9,
          report: aUsageReport({
            period: periodOf(P + DAY),
            asOfMs: P + 2 * DAY,
            resources: [],
            lateUsage: [late],
          }),
          final: true,
        },
      );
    }

    test('a late counter kept per interval: the next draft and the counter-only adjustment, +800.00', async () => {
      const customer = await customerWithPeriodPFinalized();
      await appendLateCounter(customer);
      // P+1's cycle (a new run, which read the plan) keeps the late counter in its interval 5.
      await saveSummaryOfNextPeriod(customer, lateCounter({ '5': transitBytes(500) }));

      // P's intervals now: 900, 100, 30, 500 -> the 900 dropped, 500 Mbps billed: 1,000.00,
      // minus the 200.00 billed = 800.00 for 500 - 100 = 400 Mbps. The peak (6) is unchanged:
      // no line.
      expect(await draftOf(customer, P + DAY)).toEqual([[`adj-${P}-transit:[]`, '400', '800.00']]);

      // The counter-only adjustment (services/late-usage-adjustments.ts) on its own, without
      // the restatement the close makes of such a period: the same line, rated on P's backfill.
      const adjustments = await loadLateUsageAdjustments(handle.db, customer.id, [
        lateCounter({ '5': transitBytes(500) }),
      ]);
      expect(adjustments.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([
        [`adj-${P}-transit:[]`, '400', '800.00'],
      ]);

      // Without the backfill the adjustment rates P's stored summary, which has no intervals:
      // the percentile (and the peak) cannot rate it.
      const stored = await loadUsageSummaryLines(handle.db, customer.id, P);
      expect(() =>
        rateLateUsageAdjustments({
          terms: adjustmentTermsOf(plan()),
          periodStartMs: P,
          original: usageGroupsOf(stored),
          billedLate: [],
          late: [lateCounter({ '5': transitBytes(500) })],
        }),
      ).toThrow(expect.objectContaining({ code: 'invalid_usage' }));
    });

    test('a late counter without intervals (reported by the same cycle run): P is restated from the ledger, +800.00', async () => {
      const customer = await customerWithPeriodPFinalized();
      await appendLateCounter(customer);
      // The run that closed P read no burst meters: it reports P's late counter as a total.
      await saveSummaryOfNextPeriod(customer, lateCounter());
      // The same figure as with the interval: 900, 100, 30, 500 -> 500 Mbps billed, 1,000.00
      // minus 200.00 = 800.00 for 400 Mbps (services/restate-periods.ts, lacksBurstDetail).
      expect(await draftOf(customer, P + DAY)).toEqual([[`adj-${P}-transit:[]`, '400', '800.00']]);
      // The counter-only adjustment alone (budgets, the overview: no restatement scope)
      // cannot place the total in an interval on top of P's summary: it restates P from the
      // whole ledger too, the same +800.00.
      const adjustments = await loadLateUsageAdjustments(handle.db, customer.id, [lateCounter()]);
      expect(adjustments.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([
        [`adj-${P}-transit:[]`, '400', '800.00'],
      ]);

      // P+1 is finalized; 600 Mbps more of port-1 in interval 7 of P arrive (seq 10), which
      // P+2 reports. P's intervals: 900, 100, 30, 500, 600 -> 600 Mbps = 1,200.00, minus the
      // 200.00 + 800.00 charged = 200.00 for 100 Mbps (nothing charged twice).
      await finalize(customer, P + DAY);
      await appendEvents(handle.db, [toNewEvent(customer.id, transit(7, 600))]);
      await saveUsageSummary(
        { db: handle.db },
        {
          customerId: customer.id,
          lastSequence: 10,
          report: aUsageReport({
            period: periodOf(P + 2 * DAY),
            asOfMs: P + 3 * DAY,
            resources: [],
            lateUsage: [{ ...lateCounter(), quantity: transitBytes(600) }],
          }),
          final: true,
        },
      );
      expect(await draftOf(customer, P + 2 * DAY)).toEqual([
        [`adj-${P}-transit:[]`, '100', '200.00'],
      ]);
    });

    test('the live preview of P+1 with that late counter carries the same +800.00', async () => {
      const customer = await customerWithPeriodPFinalized();
      await appendLateCounter(customer);
      // Noon of P+1: the same run reports P's late counter as a total, at sequence 9.
      const asOfMs = P + DAY + 12 * H;
      const live: LiveUsage = {
        ...aUsageReport({
          period: periodOf(P + DAY),
          asOfMs,
          resources: [],
          lateUsage: [lateCounter()],
        }),
        customerId: customer.id,
        lastSequence: 9,
        pendingEvents: 0,
        closingPeriod: null,
      };
      const { preview } = await loadLiveInvoice(
        {
          db: handle.db,
          cycles: { queryUsage: () => Promise.resolve(live) },
          now: () => asOfMs,
        },
        customer.id,
      );
      expect(preview?.lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([
        [`adj-${P}-transit:[]`, '400', '800.00'],
      ]);
    });
  },
);
