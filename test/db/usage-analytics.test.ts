import {
  appendEvents,
  loadEventsAfter,
  type NewEvent,
} from '../../db/repositories/ledger.repository';
import { loadInvoice } from '../../db/repositories/invoices.repository';
import { periodContaining } from '../../domain/calendar';
import { billingCycleOf, type Customer } from '../../domain/customer';
import { invoiceIdFor } from '../../domain/invoice';
import {
  advanceHorizon,
  applyEvent,
  computeUsageReport,
  createMeteringState,
} from '../../domain/metering';
import type { Principal } from '../../domain/principal';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';
import { getResourceRuns } from '../../services/get-resource-runs';
import { listMeters } from '../../services/list-meters';
import { listResources } from '../../services/list-resources';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { getUsageTimeseries } from '../../services/usage-timeseries';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const at = (text: string) => Date.parse(text);
// Far enough ahead that the ledger's arrival time (today) never clamps these events.
const NOV = { startMs: at('2030-11-01T00:00:00Z'), endMs: at('2030-12-01T00:00:00Z') };
const DEC = { startMs: NOV.endMs, endMs: at('2031-01-01T00:00:00Z') };
const OPERATOR: Principal = { kind: 'operator' };
const SMALL = { flavor: 'm1.small', region: 'fra1' };

/** An exact sum of decimal strings (decimal.js keeps 50 digits; these can have more). */
function exactSum(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const total = values.reduce((acc, v) => {
    const [whole = '0', fraction = ''] = v.split('.');
    return acc + BigInt(whole + fraction.padEnd(scale, '0'));
  }, 0n);
  const digits = total.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return scale === 0 ? text : text.replace(/\.?0+$/, '') || '0';
}

function events(customerId: string): NewEvent[] {
  let n = 0;
  const event = (
    type: NewEvent['type'],
    timestamp: string,
    resourceId: string,
    meter: string,
    fields: Partial<NewEvent> = {},
  ): NewEvent => {
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
  };
  return [
    // A VM all month from 2 Nov, still running at the close (its stop arrives late).
    event('resource.started', '2030-11-02T00:00:00Z', 'vm-1', 'compute.vm', { dimensions: SMALL }),
    // Short jobs: a 7 s run (60 s minimum) and a 90 min run across an hour edge.
    event('resource.started', '2030-11-03T10:59:58Z', 'vm-2', 'compute.vm', { dimensions: SMALL }),
    event('resource.stopped', '2030-11-03T11:00:05Z', 'vm-2', 'compute.vm'),
    event('resource.started', '2030-11-04T10:30:00Z', 'vm-2', 'compute.vm', { dimensions: SMALL }),
    event('resource.stopped', '2030-11-04T12:00:00Z', 'vm-2', 'compute.vm'),
    // A volume of 500 GB resized to 2,000 GB (graduated GB-month tiers).
    event('resource.started', '2030-11-01T00:00:00Z', 'vol-1', 'storage.volume', {
      quantity: '500',
    }),
    event('resource.updated', '2030-11-16T00:00:00Z', 'vol-1', 'storage.volume', {
      quantity: '2000',
    }),
    // Egress: 25 GB in three reports (10 GB free).
    event('usage.recorded', '2030-11-05T08:00:00Z', 'lb-1', 'network.egress', {
      quantity: '5000000000',
    }),
    event('usage.recorded', '2030-11-20T08:00:00Z', 'lb-1', 'network.egress', {
      quantity: '12000000000',
    }),
    event('usage.recorded', '2030-11-29T23:59:59.999Z', 'lb-2', 'network.egress', {
      quantity: '8000000000',
    }),
  ];
}

/**
 * November closed as the billing cycle closes it: the ledger applied through the metering
 * domain, the final summary persisted, the invoice drafted from it. Returns its last sequence.
 */
async function closeNovember(db: Parameters<typeof appendEvents>[0], customer: Customer) {
  const cycle = billingCycleOf(customer);
  const state = createMeteringState(NOV.startMs);
  const ledger = await loadEventsAfter(db, customer.id, 0, 10_000);
  for (const event of ledger) applyEvent(state, event, (ms) => periodContaining(cycle, ms).startMs);
  const lastSequence = ledger[ledger.length - 1]?.seq ?? 0;
  const report = computeUsageReport(state, NOV, NOV.endMs, { includeRuns: true });
  await saveUsageSummary({ db }, { customerId: customer.id, lastSequence, report, final: true });
  await draftPeriodInvoice({ db }, { customerId: customer.id, period: NOV });
  advanceHorizon(state, NOV.endMs);
  return lastSequence;
}

describe.each(databaseEngines)('usage analytics on %s', (_name, open) => {
  const handle = useEngine(open);

  test("per-resource costs of a closed period are its invoice's precise amounts", async () => {
    const { db } = handle;
    const customer = await saveSubscribedCustomer(db, aPlan(), {
      customer: aCustomer({ id: uniqueId('cus') }),
      effectiveFromMs: at('2030-10-01T00:00:00Z'),
    });
    await appendEvents(db, events(customer.id));
    await closeNovember(db, customer);
    // After the close: the VM's stop (stamped in November) and a November counter arrive.
    // They are adjustments on a later invoice, never edits of November.
    await appendEvents(db, [
      {
        customerId: customer.id,
        id: 'late-stop',
        type: 'resource.stopped',
        timestampMs: at('2030-11-20T00:00:00Z'),
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: null,
        quantity: null,
      },
      {
        customerId: customer.id,
        id: 'late-egress',
        type: 'usage.recorded',
        timestampMs: at('2030-11-21T00:00:00Z'),
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: null,
        quantity: '99000000000',
      },
    ]);

    const deps = { db, now: () => at('2030-12-15T00:00:00Z') };
    const range = { fromMs: NOV.startMs, toMs: NOV.endMs };
    const invoice = await loadInvoice(db, invoiceIdFor(customer.id, NOV.startMs));
    const invoiced = new Map<string, string[]>();
    for (const line of invoice?.lines ?? []) {
      for (const sub of line.subLines) {
        const key = `${sub.resourceId}|${line.meter}`;
        invoiced.set(key, [...(invoiced.get(key) ?? []), sub.preciseAmount]);
      }
    }
    const page = await listResources(deps, OPERATOR, customer.id, {
      ...range,
      page: { limit: 50 },
    });
    const shown = page.items.map((r): [string, string | null] => [
      `${r.resourceId}|${r.meter}`,
      r.cost,
    ]);
    const expected = [...invoiced.entries()].map(([key, amounts]): [string, string | null] => [
      key,
      exactSum(amounts),
    ]);
    expect(new Map(shown)).toEqual(new Map(expected));
    expect(shown).toHaveLength(5);

    // Hand check, highest cost first. vol-1: 500 GB for 15 days + 2,000 GB for 15 days =
    // 3,240,000,000 GB-s = 1,232.876712... GB-months -> 900 x 0.05 + 1.00 + 232.876712... x
    // 0.04 = 55.315068...; vm-1: 2 Nov to the close, 696 h at 0.0066 = 4.5936 (under the 4.80
    // cap); egress: 25 GB - 10 free = 15 GB x 0.01 = 0.15, split 17:8 -> 0.102 and 0.048;
    // vm-2: 60 s (the 7 s run's minimum) + 5,400 s = 5,460 s at 0.0066/h = 0.01001.
    expect(
      page.items.map((r) => [r.resourceId, r.quantity, r.cost?.slice(0, 9), r.runCount]),
    ).toEqual([
      ['vol-1', '3240000000', '55.315068', 1],
      ['vm-1', '2505600', '4.5936', 1],
      ['lb-1', '17000000000', '0.102', 0],
      ['lb-2', '8000000000', '0.048', 0],
      ['vm-2', '5407', '0.01001', 2],
    ]);

    // The same figures through the timeseries (daily buckets) and the meters.
    const timeseries = await getUsageTimeseries(deps, OPERATOR, customer.id, {
      ...range,
      granularity: 'day',
      groupBy: 'resource',
      top: 1000,
    });
    expect(new Map(timeseries.totals.map((t) => [t.key, t.cost]))).toEqual(
      new Map(page.items.map((r) => [r.resourceId, r.cost])),
    );
    const meters = await listMeters(deps, OPERATOR, customer.id, range);
    expect(exactSum(meters.meters.map((m) => m.cost ?? '0'))).toEqual(
      exactSum(invoice?.lines.flatMap((line) => line.subLines.map((s) => s.preciseAmount)) ?? []),
    );

    // vm-1's run is open at November's end as its invoice saw it.
    const runs = await getResourceRuns(deps, OPERATOR, customer.id, 'vm-1', range);
    expect(runs.runs.map((r) => [r.stopMs, r.durationSeconds, r.cost])).toEqual([
      [null, '2505600', '4.5936'],
    ]);
  });

  test('the current period counts open runs up to now', async () => {
    const { db } = handle;
    const customer = await saveSubscribedCustomer(db, aPlan(), {
      customer: aCustomer({ id: uniqueId('cus') }),
      effectiveFromMs: at('2030-10-01T00:00:00Z'),
    });
    await appendEvents(db, events(customer.id));
    await closeNovember(db, customer);
    await appendEvents(db, [
      {
        customerId: customer.id,
        id: 'dec-start',
        type: 'resource.started',
        timestampMs: at('2030-12-10T00:00:00Z'),
        resourceId: 'vm-3',
        meter: 'compute.vm',
        dimensions: SMALL,
        quantity: null,
      },
    ]);
    const deps = { db, now: () => at('2030-12-10T06:00:00Z') };
    const runs = await getResourceRuns(deps, OPERATOR, customer.id, 'vm-3', {});
    // 6 h so far at 0.0066/h, still running.
    expect(runs.runs.map((r) => [r.stopMs, r.durationSeconds, r.cost])).toEqual([
      [null, '21600', '0.0396'],
    ]);
    // vm-1 kept running into December: the volume and vm-1 continue, vm-1 for 9 days + 6 h.
    const page = await listResources(deps, OPERATOR, customer.id, { page: { limit: 10 } });
    const vm1 = page.items.find((r) => r.resourceId === 'vm-1');
    expect([vm1?.quantity, vm1?.runCount]).toEqual([String((9 * 24 + 6) * 3600), 1]);
    expect(DEC.startMs).toBeLessThan(deps.now());
  });
});
