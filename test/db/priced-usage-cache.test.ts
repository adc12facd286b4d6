import type { Database } from '../../db/client';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import {
  appendEvents,
  loadEventsAfter,
  type NewEvent,
} from '../../db/repositories/ledger.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { periodContaining } from '../../domain/calendar';
import { billingCycleOf, type Customer } from '../../domain/customer';
import { applyEvent, computeUsageReport, createMeteringState } from '../../domain/metering';
import { clearPricedUsageCache } from '../../services/priced-usage-cache';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { loadPricedUsage } from '../../services/usage-analytics';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const at = (text: string) => Date.parse(text);
const NOV = { startMs: at('2030-11-01T00:00:00Z'), endMs: at('2030-12-01T00:00:00Z') };
const SMALL = { flavor: 'm1.small', region: 'fra1' };

let n = 0;
function event(
  customerId: string,
  type: NewEvent['type'],
  timestamp: string,
  resourceId: string,
  meter: string,
  fields: Partial<NewEvent> = {},
): NewEvent {
  n += 1;
  return {
    customerId,
    id: `e${n}`,
    type,
    timestampMs: at(timestamp),
    resourceId,
    meter,
    dimensions: null,
    quantity: null,
    ...fields,
  };
}

/** The figures a reader sees: each series' usage and each resource's cost parts. */
function figures(priced: Awaited<ReturnType<typeof loadPricedUsage>>) {
  return priced.map((period) => ({
    period: period.period,
    finalized: period.finalized,
    series: period.series,
    costs: [...period.costs.entries()],
  }));
}

/**
 * The priced replay cache never serves a stale figure: every change a replay would see (a
 * late counter, a late stop, a final close, a new subscription) gives what an empty cache
 * gives, and an unchanged ledger gives the very objects of the previous read.
 */
describe.each(databaseEngines)('priced usage cache on %s', (_name, open) => {
  const handle = useEngine(open);
  const range = { fromMs: NOV.startMs, toMs: NOV.endMs };
  const deps = (db: Database, now = at('2030-12-15T00:00:00Z')) => ({ db, now: () => now });

  /** What an empty cache computes now (and leaves the cache empty). */
  async function fresh(db: Database, customer: Customer, now?: number) {
    clearPricedUsageCache(db);
    const priced = await loadPricedUsage(deps(db, now), customer, range);
    clearPricedUsageCache(db);
    return priced;
  }

  test('a past period is served from the cache until the ledger, a close or a subscription changes', async () => {
    const { db } = handle;
    const customer = await saveSubscribedCustomer(db, aPlan(), {
      customer: aCustomer({ id: uniqueId('cus') }),
      effectiveFromMs: at('2030-10-01T00:00:00Z'),
    });
    const id = customer.id;
    await appendEvents(db, [
      event(id, 'resource.started', '2030-11-02T00:00:00Z', 'vm-1', 'compute.vm', {
        dimensions: SMALL,
      }),
      event(id, 'usage.recorded', '2030-11-05T08:00:00Z', 'lb-1', 'network.egress', {
        quantity: '5000000000',
      }),
    ]);

    const first = await loadPricedUsage(deps(db), customer, range);
    const again = await loadPricedUsage(deps(db), customer, range);
    expect(again[0]).toBe(first[0]); // a hit: the same replay
    expect(figures(again)).toEqual(figures(await fresh(db, customer)));

    // A late counter of the (not yet finalized) period.
    const cached = await loadPricedUsage(deps(db), customer, range);
    await appendEvents(db, [
      event(id, 'usage.recorded', '2030-11-20T08:00:00Z', 'lb-1', 'network.egress', {
        quantity: '7000000000',
      }),
    ]);
    const afterCounter = await loadPricedUsage(deps(db), customer, range);
    expect(afterCounter[0]).not.toBe(cached[0]);
    expect(figures(afterCounter)).not.toEqual(figures(cached));
    expect(figures(afterCounter)).toEqual(figures(await fresh(db, customer)));
    const egress = afterCounter[0]?.series.find((s) => s.resourceId === 'lb-1');
    expect(egress?.counters.map((c) => c.quantity)).toEqual(['5000000000', '7000000000']);

    // A late stop: vm-1 ran until 20 Nov, not to the period end.
    await loadPricedUsage(deps(db), customer, range);
    await appendEvents(db, [
      event(id, 'resource.stopped', '2030-11-20T00:00:00Z', 'vm-1', 'compute.vm'),
    ]);
    const afterStop = await loadPricedUsage(deps(db), customer, range);
    expect(figures(afterStop)).toEqual(figures(await fresh(db, customer)));
    const vm = afterStop[0]?.series.find((s) => s.resourceId === 'vm-1');
    expect(vm?.segments.map((s) => [s.fromMs, s.toMs])).toEqual([
      [at('2030-11-02T00:00:00Z'), at('2030-11-20T00:00:00Z')],
    ]);

    // The final close, then a counter after it: the period shows the close's usage only.
    await loadPricedUsage(deps(db), customer, range);
    const cycle = billingCycleOf(customer);
    const state = createMeteringState(NOV.startMs);
    const ledger = await loadEventsAfter(db, id, 0, 1000);
    for (const e of ledger) applyEvent(state, e, (ms) => periodContaining(cycle, ms).startMs);
    const lastSequence = ledger[ledger.length - 1]?.seq ?? 0;
    const report = computeUsageReport(state, NOV, NOV.endMs, { includeRuns: true });
    await saveUsageSummary({ db }, { customerId: id, lastSequence, report, final: true });
    const afterClose = await loadPricedUsage(deps(db), customer, range);
    expect(afterClose[0]?.finalized).toBe(true);
    expect(figures(afterClose)).toEqual(figures(await fresh(db, customer)));
    await appendEvents(db, [
      event(id, 'usage.recorded', '2030-11-25T08:00:00Z', 'lb-1', 'network.egress', {
        quantity: '1',
      }),
    ]);
    const late = await loadPricedUsage(deps(db), customer, range);
    expect(figures(late)).toEqual(figures(afterClose)); // late usage: a later invoice's
    expect(figures(late)).toEqual(figures(await fresh(db, customer)));

    // A new subscription in force at the period's end prices it with another plan.
    const before = await loadPricedUsage(deps(db), customer, range);
    const dearer = aPlan();
    dearer.prices = dearer.prices.map((price) =>
      price.model.type === 'run_time'
        ? { ...price, model: { ...price.model, unitPrice: '0.0132' } }
        : price,
    );
    await saveNewPlan(db, dearer);
    await saveNewSubscription(db, {
      id: uniqueId('sub'),
      customerId: id,
      planId: dearer.id,
      effectiveFromMs: at('2030-11-25T00:00:00Z'),
    });
    const repriced = await loadPricedUsage(deps(db), customer, range);
    expect(figures(repriced)).not.toEqual(figures(before));
    expect(figures(repriced)).toEqual(figures(await fresh(db, customer)));
  });

  test('a period not over yet is never cached: open runs count up to now', async () => {
    const { db } = handle;
    const customer = await saveSubscribedCustomer(db, aPlan(), {
      customer: aCustomer({ id: uniqueId('cus') }),
      effectiveFromMs: at('2030-10-01T00:00:00Z'),
    });
    await appendEvents(db, [
      event(customer.id, 'resource.started', '2030-11-02T00:00:00Z', 'vm-1', 'compute.vm', {
        dimensions: SMALL,
      }),
    ]);
    const now1 = at('2030-11-10T00:00:00Z');
    const now2 = at('2030-11-11T00:00:00Z');
    const early = await loadPricedUsage(deps(db, now1), customer, range);
    const later = await loadPricedUsage(deps(db, now2), customer, range);
    expect(early[0]?.series[0]?.segments[0]?.toMs).toBe(now1);
    expect(later[0]?.series[0]?.segments[0]?.toMs).toBe(now2);
    const again = await loadPricedUsage(deps(db, now2), customer, range);
    expect(again[0]).not.toBe(later[0]);
    expect(figures(again)).toEqual(figures(later));
  });
});
