import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { periodContaining } from '../../domain/calendar';
import type { Customer } from '../../domain/customer';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import { usageGroupsOf } from '../../domain/invoice';
import { createMeteringState } from '../../domain/metering';
import { burstMetersOf, ratePeriod, type Price } from '../../domain/rating';
import {
  billingCycleWorkflowId,
  eventsSignal,
  type CarriedState,
  type LiveUsage,
} from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { useWorkflowStack } from '../support/workflow-stack';

// The billing-cycle workflow keeps what the peak and percentile models need, and its usage
// query hands it out with `includeBurst` (its third argument).

const MIN = 60_000;
const INTERVAL = 300_000;
const stack = useWorkflowStack();
const { withWorker, started } = stack;

async function ledger(customer: Customer, events: LedgerEvent[]): Promise<LedgerEvent[]> {
  const results = await appendEvents(
    stack.database.db,
    events.map((e) => toNewEvent(customer.id, e)),
  );
  return results.map((r) => r.event);
}

/** Bytes for a rate in Mbps held for one 300 s interval. */
const bytes = (mbps: number) => String(mbps * 125_000 * 300);

const PRICES: Price[] = [
  {
    id: 'transit',
    meter: 'network.transit',
    dimensionsFilter: {},
    groupBy: [],
    unitLabel: 'Mbps',
    model: { type: 'percentile', unitPrice: '2.00', rateDivisor: '125000', percentile: 90 },
  },
  {
    id: 'vcpu-peak',
    meter: 'compute.vcpu',
    dimensionsFilter: {},
    groupBy: [],
    unitLabel: 'vCPU',
    model: { type: 'peak', unitPrice: '1.50', scope: 'account' },
  },
];

test('live usage with includeBurst: the 90th percentile so far and the account peak', async () => {
  const customer = aCustomer({ gracePeriodSeconds: 600 });
  await saveNewCustomer(stack.database.db, customer);
  await saveNewPlan(stack.database.db, {
    id: `plan-${customer.id}`,
    name: 'Burst',
    currency: customer.currency,
    minimumCommitment: null,
    prices: PRICES,
  });
  await saveNewSubscription(stack.database.db, {
    id: `sub-${customer.id}`,
    customerId: customer.id,
    planId: `plan-${customer.id}`,
    effectiveFromMs: 0,
  });
  const current = periodContaining(
    { schedule: 'monthly', timezone: customer.timezone },
    await stack.env.currentTimeMs(),
  );
  const carried: CarriedState = {
    current,
    closing: null,
    // The plan's peak and percentile meters: compute.vcpu and network.transit.
    metering: createMeteringState(current.startMs, burstMetersOf(PRICES)),
    lastSequence: 0,
    pending: [],
  };
  await withWorker('burst-usage', async () => {
    const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
      taskQueue: 'burst-usage',
      workflowId: billingCycleWorkflowId(customer.id),
      args: [{ customer, carried }],
    });
    started.push(handle);
    const t0 = current.startMs;
    const transit = (interval: number, mbps: number, offsetMs = 1_000) =>
      anEvent({
        type: 'usage.recorded',
        timestampMs: t0 + interval * INTERVAL + offsetMs,
        resourceId: 'port-1',
        meter: 'network.transit',
        quantity: bytes(mbps),
      });
    const vcpu = (type: 'resource.started' | 'resource.stopped', atMs: number, id: string) =>
      anEvent({
        type,
        timestampMs: atMs,
        resourceId: id,
        meter: 'compute.vcpu',
        ...(type === 'resource.started' ? { quantity: id === 'vm-b' ? '4' : '2' } : {}),
      });
    // 20 intervals (100 minutes): 2 at 900 Mbps, 1 at 500, the rest idle but interval 7 at 100.
    // 90 % of 20 keeps 18 and drops the top 2: 500 Mbps x 2.00 = 1000.00.
    const first = await ledger(customer, [
      transit(3, 900),
      transit(12, 900),
      transit(15, 300),
      vcpu('resource.started', t0, 'vm-a'),
      vcpu('resource.stopped', t0 + 20 * MIN, 'vm-a'),
      vcpu('resource.started', t0 + 30 * MIN, 'vm-b'),
      vcpu('resource.started', t0 + 50 * MIN, 'vm-c'),
      vcpu('resource.stopped', t0 + 60 * MIN, 'vm-b'),
      // A meter no peak or percentile prices: never burst detail unless asked for.
      anEvent({
        type: 'resource.started',
        timestampMs: t0,
        resourceId: 'vm-x',
        meter: 'compute.vm',
      }),
    ]);
    await handle.signal(eventsSignal, first.map(toWireEvent));
    // Late: a second counter in interval 15 (now 300 + 200 = 500 Mbps), arriving later.
    const late = await ledger(customer, [transit(15, 200, 250_000), transit(7, 100)]);
    await handle.signal(eventsSignal, late.map(toWireEvent));

    const asOfMs = t0 + 100 * MIN;
    const lastSequence = late[late.length - 1]?.seq;
    // Once every event is applied (the workflow may still be starting).
    const usage = await eventually(
      () => handle.query<LiveUsage, [number, boolean, boolean]>('usage', asOfMs, true, true),
      (u) => u.lastSequence === lastSequence,
      10_000,
    );
    const port = usage.resources.find((r) => r.resourceId === 'port-1');
    expect(port?.burst?.intervals).toEqual({
      '3': bytes(900),
      '7': bytes(100),
      '12': bytes(900),
      '15': bytes(500),
    });
    const { lines, unmatched } = ratePeriod({
      currency: 'EUR',
      prices: PRICES,
      usage: usageGroupsOf(usage.resources),
    });
    expect(unmatched.map((u) => u.resourceId)).toEqual(['vm-x']);
    expect(lines.map((l) => [l.priceId, l.quantity, l.unit, l.amount])).toEqual([
      ['transit', '500', 'Mbps (90th percentile of 20 x 300 s intervals, 2 dropped)', '1000.00'],
      // vm-b (4) and vm-c (2) overlap from 50 to 60 minutes: 6 vCPU x 1.50 = 9.00.
      ['vcpu-peak', '6', `vCPU (peak at ${new Date(t0 + 50 * MIN).toISOString()})`, '9.00'],
    ]);

    // With the runs only (as the preview asks), burst detail for the plan's burst meters
    // only; without the runs, none: the query is what it was.
    const withRuns = await handle.query<LiveUsage, [number, boolean]>('usage', asOfMs, true);
    expect(withRuns.resources.filter((r) => r.burst).map((r) => r.resourceId)).toEqual([
      'port-1',
      'vm-a',
      'vm-b',
      'vm-c',
    ]);
    const totals = await handle.query<LiveUsage, [number]>('usage', asOfMs);
    expect(totals.resources.every((r) => r.burst === undefined)).toBe(true);
  });
}, 60_000);
