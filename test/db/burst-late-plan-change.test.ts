import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { appendEvents, loadEventsAfter } from '../../db/repositories/ledger.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { loadUsageSummaryLines } from '../../db/repositories/usage-summaries.repository';
import { periodContaining } from '../../domain/calendar';
import { billingCycleOf, type Customer } from '../../domain/customer';
import { invoiceIdFor, invoiceNumbering } from '../../domain/invoice';
import type { LedgerEvent } from '../../domain/events';
import {
  advanceHorizon,
  applyEvent,
  computeUsageReport,
  createMeteringState,
  type MeteringState,
} from '../../domain/metering';
import type { Price } from '../../domain/rating';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { loadLateUsageAdjustments } from '../../services/late-usage-adjustments';
import { loadBurstMeters } from '../../services/load-burst-meters';
import { loadLiveInvoice, type LiveUsage } from '../../services/preview-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aCustomer, anEvent, toNewEvent, uniqueId } from '../fixtures/builders';
import { aTransitPercentilePrice, transitBytes } from '../fixtures/burst-prices';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { draftedLines } from '../support/drafted-lines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * A plan change after a period drops its percentile price: period P is on plan A (transit by
 * the 99.5th percentile), P+1 on plan B (transit by the GB, no percentile), so the billing
 * cycle of P+1 keeps no 300 s interval table for transit (loadBurstMeters reads plan B). A
 * counter of transit stamped in P that reaches the ledger after P was finalized is late usage
 * of P, reported by P+1's summary as a total without intervals; P's own summary has them (its
 * cycle read plan A). The late counter is charged once, as an adjustment of P's percentile
 * line on P+1's invoice, with the counter in the 300 s interval of its timestamp (P restated
 * from the ledger: services/restate-periods.ts). Arriving in P's grace period instead, it is
 * in P's own invoice and no adjustment follows.
 *
 * The cycles are played by the workflow's own metering (domain/metering: applyEvent,
 * computeUsageReport, advanceHorizon) over the ledger, with the burst meters the workflow
 * loads at the start of each run, so the summaries are the ones the workflow persists.
 */
const S = 1_000;
const H = 3_600 * S;
const DAY = 24 * H;
const INTERVAL = 300 * S;
const P = Date.UTC(2030, 11, 1);
const periodOf = (startMs: number) => ({ startMs, endMs: startMs + DAY });

// Plan A: transit by the 99.5th percentile of a day's 288 intervals of 300 s (ceil(286.56) =
// 287 kept: the highest one is dropped), 2.00 per Mbps. Plan B: transit 0.50 per GB.
const planA = () => aPlan({ minimumCommitment: null, prices: [aTransitPercentilePrice()] });
const transitPerGb: Price = {
  id: 'transit-gb',
  meter: 'network.transit',
  dimensionsFilter: {},
  groupBy: [],
  unitLabel: 'GB',
  model: { type: 'counter', unitPrice: '0.50', unitDivisor: '1000000000' },
};
const planB = () => aPlan({ minimumCommitment: null, prices: [transitPerGb] });

/** A counter of port-1 on network.transit at `mbps` for 300 s, 1 s into interval `index` from `fromMs`. */
const transit = (fromMs: number, index: number, mbps: number, second = 1): LedgerEvent =>
  anEvent({
    type: 'usage.recorded',
    timestampMs: fromMs + index * INTERVAL + second * S,
    resourceId: 'port-1',
    meter: 'network.transit',
    quantity: transitBytes(mbps),
  });

describe.each(databaseEngines)(
  'a late counter of a percentile period after a plan change on %s',
  (_name, open) => {
    const handle = useEngine(open);

    /** Plan A from 1 Jan 2030, plan B from P+1 (the start of Dec 2). */
    async function customerChangingPlanAfterP(): Promise<Customer> {
      const customer = await saveSubscribedCustomer(handle.db, planA(), {
        customer: aCustomer({ billingSchedule: 'daily' }),
      });
      const b = planB();
      await saveNewPlan(handle.db, b);
      await saveNewSubscription(handle.db, {
        id: uniqueId('sub'),
        customerId: customer.id,
        planId: b.id,
        effectiveFromMs: P + DAY,
      });
      return customer;
    }

    /** One billing-cycle workflow over the ledger: its metering state and applied position. */
    function aCycle(customer: Customer) {
      const cycle = billingCycleOf(customer);
      const periodStartOf = (instantMs: number) => periodContaining(cycle, instantMs).startMs;
      const metering: MeteringState = createMeteringState(P);
      let lastSequence = 0;
      return {
        metering,
        lastSequence: () => lastSequence,
        /** A new run of the workflow: the burst meters of the plan at its period's last instant. */
        async startRun(currentPeriodStartMs: number) {
          const meters = await loadBurstMeters(
            { db: handle.db },
            { customerId: customer.id, atMs: currentPeriodStartMs + DAY - 1 },
          );
          if (meters.length > 0) metering.burstMeters = meters;
          else Reflect.deleteProperty(metering, 'burstMeters');
          return meters;
        },
        /** Appends events to the ledger and applies them, as the cycle's catch-up does. */
        async receive(events: LedgerEvent[]) {
          await appendEvents(
            handle.db,
            events.map((event) => toNewEvent(customer.id, event)),
          );
          const ledgered = await loadEventsAfter(handle.db, customer.id, lastSequence, 1_000);
          for (const event of ledgered) applyEvent(metering, event, periodStartOf);
          lastSequence = ledgered[ledgered.length - 1]?.seq ?? lastSequence;
        },
        /** A close of `startMs`'s period: its summary as the workflow persists it, then the draft. */
        async close(startMs: number, final: boolean) {
          const report = computeUsageReport(metering, periodOf(startMs), startMs + DAY, {
            includeRuns: true,
            includeBurst: metering.burstMeters ?? [],
          });
          await saveUsageSummary(
            { db: handle.db },
            { customerId: customer.id, lastSequence, report, final },
          );
          const lines = await draftLines(customer, startMs);
          if (final) {
            const finalizedAtMs = startMs + DAY + S;
            await finalizeInvoice(handle.db, invoiceIdFor(customer.id, startMs), {
              ...invoiceNumbering(finalizedAtMs),
              finalizedAtMs,
            });
            advanceHorizon(metering, startMs + DAY);
          }
          return { report, lines };
        },
      };
    }

    const draftLines = (customer: Customer, startMs: number) =>
      draftedLines(handle.db, customer.id, periodOf(startMs));

    /** P on plan A: port-1 900 Mbps in interval 0, 60 + 40 in interval 1, 30 in interval 2 (seq 1-4). */
    const trafficOfP = () => [
      transit(P, 0, 900),
      transit(P, 1, 60),
      transit(P, 1, 40, 2),
      transit(P, 2, 30),
    ];

    test('late after P was finalized: P+1 carries +760.00 on P percentile line, P+2 +240.00 for the next one', async () => {
      const customer = await customerChangingPlanAfterP();
      const cycle = aCycle(customer);
      expect(await cycle.startRun(P)).toEqual(['network.transit']);
      await cycle.receive(trafficOfP());
      // P: intervals 900, 100, 30 (Mbps); the 900 dropped, 100 Mbps x 2.00 = 200.00.
      const closeOfP = await cycle.close(P, true);
      expect(closeOfP.lines).toEqual([['transit:[]', '100', '200.00']]);
      expect(closeOfP.report.resources.map((group) => group.burst?.intervals)).toEqual([
        { '0': transitBytes(900), '1': transitBytes(100), '2': transitBytes(30) },
      ]);

      // P+1's run reads plan B: no burst meters, so no interval table for transit.
      expect(await cycle.startRun(P + DAY)).toEqual([]);
      // Seq 5: 40 Mbps of P+1's own traffic (interval 0 of P+1); seq 6: 450 Mbps stamped in
      // interval 2 of P, reaching the ledger after P was finalized.
      await cycle.receive([transit(P + DAY, 0, 40), transit(P, 2, 450)]);
      const closeOfP1 = await cycle.close(P + DAY, true);
      expect(closeOfP1.report.lateUsage).toEqual([
        {
          periodStartMs: P,
          resourceId: 'port-1',
          meter: 'network.transit',
          dimensions: {},
          quantity: transitBytes(450),
        },
      ]);
      // P+1's own traffic on plan B: 40 Mbps x 300 s = 1.5 GB x 0.50 = 0.75.
      // P's late counter in its own interval 2: 30 + 450 = 480 Mbps. Intervals 900, 480, 100:
      // the 900 dropped, 480 Mbps x 2.00 = 960.00, minus the 200.00 billed = +760.00 for
      // 480 - 100 = 380 Mbps. (In an interval of its own it would be 450 -> +700.00; it is
      // charged once, on P's plan: plan B's line has P+1's 1.5 GB only.)
      expect(closeOfP1.lines).toEqual([
        ['transit-gb:[]', '1.5', '0.75'],
        [`adj-${P}-transit:[]`, '380', '760.00'],
      ]);

      // Seq 7: 600 Mbps stamped in interval 7 of P, after P+1 was finalized; P+2 reports it.
      // P's intervals 900, 600, 480, 100: 600 Mbps = 1,200.00, minus 200.00 + 760.00 charged
      // = +240.00 for 120 Mbps. Nothing of the 450 Mbps is charged again.
      await cycle.startRun(P + 2 * DAY);
      await cycle.receive([transit(P, 7, 600)]);
      const closeOfP2 = await cycle.close(P + 2 * DAY, true);
      expect(closeOfP2.lines).toEqual([[`adj-${P}-transit:[]`, '120', '240.00']]);
    });

    test('a redraft of P+1 gives the same adjustment, and so does the live preview before the close', async () => {
      const customer = await customerChangingPlanAfterP();
      const cycle = aCycle(customer);
      await cycle.startRun(P);
      await cycle.receive(trafficOfP());
      await cycle.close(P, true);
      await cycle.startRun(P + DAY);
      await cycle.receive([transit(P, 2, 450)]);

      // Noon of P+1, the late counter applied (seq 5): the preview carries the same +760.00
      // (480 Mbps in P's interval 2: 960.00 - 200.00), and nothing of P+1 (no traffic yet).
      const asOfMs = P + DAY + 12 * H;
      const report = computeUsageReport(cycle.metering, periodOf(P + DAY), asOfMs, {
        includeRuns: true,
        includeBurst: [],
      });
      const live: LiveUsage = {
        ...report,
        customerId: customer.id,
        lastSequence: cycle.lastSequence(),
        pendingEvents: 0,
        closingPeriod: null,
      };
      const { preview } = await loadLiveInvoice(
        { db: handle.db, cycles: { queryUsage: () => Promise.resolve(live) }, now: () => asOfMs },
        customer.id,
      );
      expect(preview?.lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([
        [`adj-${P}-transit:[]`, '380', '760.00'],
      ]);
      // The counter-only adjustment alone (budgets, the overview: no restatement scope) too.
      const adjustments = await loadLateUsageAdjustments(handle.db, customer.id, report.lateUsage);
      expect(adjustments.map((line) => [line.lineId, line.quantity, line.amount])).toEqual([
        [`adj-${P}-transit:[]`, '380', '760.00'],
      ]);

      // The provisional close of P+1, then its final close: the same line each time.
      const provisional = await cycle.close(P + DAY, false);
      expect(provisional.lines).toEqual([[`adj-${P}-transit:[]`, '380', '760.00']]);
      expect(await draftLines(customer, P + DAY)).toEqual(provisional.lines);
      const final = await cycle.close(P + DAY, true);
      expect(final.lines).toEqual([[`adj-${P}-transit:[]`, '380', '760.00']]);
    });

    test.each([
      ['the run that kept the intervals', false],
      ['a run continued-as-new in the grace period, with plan B burst meters', true],
    ])(
      'late in P grace period (%s): P own invoice bills 960.00, P+1 has no adjustment',
      async (_case, continuedAsNew) => {
        const customer = await customerChangingPlanAfterP();
        const cycle = aCycle(customer);
        await cycle.startRun(P);
        await cycle.receive(trafficOfP());
        // P's end: the provisional close, before the late counter (intervals 900, 100, 30).
        const provisional = await cycle.close(P, false);
        expect(provisional.lines).toEqual([['transit:[]', '100', '200.00']]);
        // A continue-as-new during the grace period reads the plan of the current period
        // (P+1: plan B), so the counter then gets no interval and P's final summary no detail.
        if (continuedAsNew) expect(await cycle.startRun(P + DAY)).toEqual([]);
        // Seq 5: 450 Mbps stamped in interval 2 of P, in P's grace period.
        await cycle.receive([transit(P, 2, 450)]);
        const closeOfP = await cycle.close(P, true);
        const stored = await loadUsageSummaryLines(handle.db, customer.id, P);
        expect(stored.map((line) => line.burst?.intervals ?? null)).toEqual([
          continuedAsNew
            ? null
            : { '0': transitBytes(900), '1': transitBytes(100), '2': transitBytes(480) },
        ]);
        // Intervals 900, 100, 30 + 450 = 480: the 900 dropped, 480 Mbps x 2.00 = 960.00 (with
        // no detail the draft puts the counters in their intervals from the ledger).
        expect(closeOfP.lines).toEqual([['transit:[]', '480', '960.00']]);

        // P+1 on plan B: no traffic, no late usage: nothing to adjust.
        await cycle.startRun(P + DAY);
        const closeOfP1 = await cycle.close(P + DAY, true);
        expect(closeOfP1.report.lateUsage).toEqual([]);
        expect(closeOfP1.lines).toEqual([]);
      },
    );
  },
);
