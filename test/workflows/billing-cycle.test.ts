import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { loadUsageSummaryLines } from '../../db/repositories/usage-summaries.repository';
import { periodContaining } from '../../domain/calendar';
import type { Customer } from '../../domain/customer';
import type { Price } from '../../domain/rating';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import { billingCycleWorkflowId, eventsSignal, usageQuery } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { useWorkflowStack } from '../support/workflow-stack';

const HOUR = 3_600_000;
const stack = useWorkflowStack();
const { withWorker, started } = stack;

/** Ledgers the events (as the API would) and returns them with their sequence numbers. */
async function ledger(customer: Customer, events: LedgerEvent[]): Promise<LedgerEvent[]> {
  const results = await appendEvents(
    stack.database.db,
    events.map((e) => toNewEvent(customer.id, e)),
  );
  return results.map((r) => r.event);
}

/** Gives the customer a plan with these prices, in effect since the epoch. */
async function subscribe(customer: Customer, prices: Price[]): Promise<void> {
  const plan = await saveNewPlan(stack.database.db, {
    id: `plan-${customer.id}`,
    name: 'Pay as you go',
    currency: customer.currency,
    minimumCommitment: null,
    prices,
  });
  await saveNewSubscription(stack.database.db, {
    id: `sub-${customer.id}`,
    customerId: customer.id,
    planId: plan.id,
    effectiveFromMs: 0,
  });
}

async function startCycle(customer: Customer, taskQueue: string) {
  await saveNewCustomer(stack.database.db, customer);
  const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
    taskQueue,
    workflowId: billingCycleWorkflowId(customer.id),
    args: [{ customer }],
  });
  started.push(handle);
  return handle;
}

test('a month with runs crossing the boundary: exact split, summary persisted, open run carried over continue-as-new', async () => {
  const customer = aCustomer({ gracePeriodSeconds: 600 });
  const taskQueue = 'month-boundary';
  await withWorker(taskQueue, async () => {
    const handle = await startCycle(customer, taskQueue);
    const first = periodContaining(
      { schedule: 'monthly', timezone: 'UTC' },
      await stack.env.currentTimeMs(),
    );
    const end = first.endMs;
    const events = await ledger(customer, [
      // vm-1: 3600.25 s before the boundary and 1800 s after it.
      anEvent({ type: 'resource.started', timestampMs: end - 3_600_250, resourceId: 'vm-1' }),
      anEvent({ type: 'resource.stopped', timestampMs: end + 1_800_000, resourceId: 'vm-1' }),
      // vol-1: a 100 GB volume attached 100 s before the boundary, never detached.
      anEvent({
        type: 'resource.started',
        timestampMs: end - 100_000,
        resourceId: 'vol-1',
        meter: 'storage.volume',
        quantity: '100',
      }),
      // A 7-second container, reported stop first.
      anEvent({
        type: 'resource.stopped',
        timestampMs: end - 50_000,
        resourceId: 'ctr-7',
        meter: 'compute.container',
      }),
      anEvent({
        type: 'resource.started',
        timestampMs: end - 57_000,
        resourceId: 'ctr-7',
        meter: 'compute.container',
      }),
    ]);
    await handle.signal(eventsSignal, events.map(toWireEvent));
    const firstRunId = (await handle.describe()).runId;

    // Past the boundary and the 600 s grace: the first period is summarized and carried.
    await stack.env.sleep(end - (await stack.env.currentTimeMs()) + 601_000);
    const lines = await loadUsageSummaryLines(stack.database.db, customer.id, first.startMs);
    expect(lines).toEqual([
      {
        resourceId: 'ctr-7',
        meter: 'compute.container',
        dimensions: {},
        seconds: '7',
        quantitySeconds: '7',
        quantity: '0',
        runs: 1,
        runShares: [{ durationMs: 7_000, quantity: '1' }],
      },
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: {},
        seconds: '3600.25',
        quantitySeconds: '3600.25',
        quantity: '0',
        runs: 1,
        runShares: [{ durationMs: 3_600_250, quantity: '1' }],
      },
      {
        resourceId: 'vol-1',
        meter: 'storage.volume',
        dimensions: {},
        seconds: '100',
        quantitySeconds: '10000',
        quantity: '0',
        runs: 1,
        runShares: [{ durationMs: 100_000, quantity: '100' }],
      },
    ]);

    const usage = await handle.query(usageQuery, end + HOUR);
    expect((await handle.describe()).runId).not.toEqual(firstRunId);
    expect(usage.period.startMs).toEqual(end);
    expect(usage.resources).toEqual([
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: {},
        seconds: '1800',
        quantitySeconds: '1800',
        quantity: '0',
        runs: 0,
      },
      {
        resourceId: 'vol-1',
        meter: 'storage.volume',
        dimensions: {},
        seconds: '3600',
        quantitySeconds: '360000',
        quantity: '0',
        runs: 0,
      },
    ]);
    expect(usage.openRuns).toEqual([
      {
        resourceId: 'vol-1',
        meter: 'storage.volume',
        dimensions: {},
        quantity: '100',
        sinceMs: end - 100_000,
      },
    ]);
    expect(usage.lastSequence).toEqual(5);
  });
});

test('duplicate deliveries are ignored and sequence gaps are filled from the ledger', async () => {
  const customer = aCustomer();
  const taskQueue = 'gaps';
  await withWorker(taskQueue, async () => {
    const handle = await startCycle(customer, taskQueue);
    const now = await stack.env.currentTimeMs();
    const at = Math.max(
      periodContaining({ schedule: 'monthly', timezone: 'UTC' }, now).startMs,
      now - HOUR,
    );
    const events = await ledger(customer, [
      anEvent({
        type: 'usage.recorded',
        timestampMs: at,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '1.5',
      }),
      anEvent({
        type: 'usage.recorded',
        timestampMs: at + 1,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '2',
      }),
      anEvent({
        type: 'usage.recorded',
        timestampMs: at + 2,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '0.25',
      }),
      anEvent({
        type: 'usage.recorded',
        timestampMs: at + 3,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '10',
      }),
      anEvent({ type: 'resource.started', timestampMs: at, resourceId: 'vm-9' }),
    ]);
    const [e1, e2, , , e5] = events as [
      LedgerEvent,
      LedgerEvent,
      LedgerEvent,
      LedgerEvent,
      LedgerEvent,
    ];
    await handle.signal(eventsSignal, [e1, e2].map(toWireEvent));
    await handle.signal(eventsSignal, [e2, e1].map(toWireEvent)); // redelivered
    await handle.signal(eventsSignal, [toWireEvent(e5)]); // 3 and 4 never signalled

    const usage = await eventually(
      () => handle.query(usageQuery, at + 10_000),
      (u) => u.lastSequence === 5,
    );
    expect(usage.pendingEvents).toEqual(0);
    expect(usage.meters).toEqual([
      { meter: 'compute.vm', seconds: '10', quantitySeconds: '10', quantity: '0' },
      { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '13.75' },
    ]);
  });
});

test('a gap the ledger cannot fill yet is retried after a pause, not in a tight loop', async () => {
  const customer = aCustomer();
  const taskQueue = 'unfillable-gap';
  await withWorker(taskQueue, async () => {
    const handle = await startCycle(customer, taskQueue);
    const at = await stack.env.currentTimeMs();
    const [first] = await ledger(customer, [
      anEvent({
        type: 'usage.recorded',
        timestampMs: at,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '1',
      }),
    ]);
    // Sequence 3 is announced before 2 and 3 are in the ledger (cannot happen through the API).
    const ahead = anEvent({
      seq: 3,
      type: 'usage.recorded',
      timestampMs: at,
      resourceId: 'lb-1',
      meter: 'network.egress',
      quantity: '4',
    });
    await handle.signal(eventsSignal, [toWireEvent(first as LedgerEvent), toWireEvent(ahead)]);
    await stack.env.sleep(20_000);
    const stuck = await handle.query(usageQuery, at + 1);
    expect([stuck.lastSequence, stuck.pendingEvents]).toEqual([1, 1]);
    const history = await handle.fetchHistory();
    const ledgerReads = (history.events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes,
    ).length;
    expect(ledgerReads).toBeLessThanOrEqual(6); // one try per 5 s, not hundreds

    await ledger(customer, [
      anEvent({
        type: 'usage.recorded',
        timestampMs: at,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '2',
      }),
      { ...ahead, id: ahead.id },
    ]);
    await stack.env.sleep(6_000);
    const usage = await eventually(
      () => handle.query(usageQuery, at + 1),
      (u) => u.lastSequence === 3,
    );
    expect(usage.pendingEvents).toEqual(0);
    expect(usage.meters).toEqual([
      { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '7' },
    ]);
  });
});

test('the period close rates the summary against the plan and stores one draft invoice', async () => {
  const customer = aCustomer({ gracePeriodSeconds: 0 });
  const taskQueue = 'draft-invoice';
  await withWorker(taskQueue, async () => {
    const handle = await startCycle(customer, taskQueue);
    await subscribe(customer, [
      {
        id: 'compute',
        meter: 'compute.vm',
        dimensionsFilter: {},
        groupBy: [],
        model: { type: 'run_time', unit: 'second', unitPrice: '0.001', minimumSeconds: 60 },
      },
      {
        id: 'egress',
        meter: 'network.egress',
        dimensionsFilter: {},
        groupBy: [],
        unitLabel: 'GB',
        model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
      },
    ]);
    const first = periodContaining(
      { schedule: 'monthly', timezone: 'UTC' },
      await stack.env.currentTimeMs(),
    );
    const end = first.endMs;
    const events = await ledger(customer, [
      anEvent({ type: 'resource.started', timestampMs: end - 600_000, resourceId: 'ctr-7' }),
      anEvent({ type: 'resource.stopped', timestampMs: end - 593_000, resourceId: 'ctr-7' }),
      anEvent({ type: 'resource.started', timestampMs: end - 50_000, resourceId: 'vm-80' }),
      anEvent({ type: 'resource.stopped', timestampMs: end + 30_000, resourceId: 'vm-80' }),
      anEvent({
        type: 'usage.recorded',
        timestampMs: end - 1,
        resourceId: 'lb',
        meter: 'network.egress',
        quantity: '2500000000',
      }),
    ]);
    await handle.signal(eventsSignal, events.map(toWireEvent));
    await stack.env.sleep(end - (await stack.env.currentTimeMs()) + 1_000);

    const invoices = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (list) => list[0]?.status === 'open',
    );
    // compute: 7 s -> 60 s and 50 s -> 60 s (the VM's minimum is paid where its run starts):
    //   120 s x 0.001 = 0.12. egress: 2.5 GB x 0.09 = 0.225 -> 0.23 (half up). Total 0.35.
    // With no grace period the draft is finalized at once: numbered, immutable.
    const year = new Date(invoices[0]!.finalizedAtMs ?? 0).getUTCFullYear();
    expect(
      invoices.map((i) => [i.id, i.status, i.number, i.subtotal, i.totalTax, i.total, i.amountDue]),
    ).toEqual([
      [
        `inv-${customer.id}-${first.startMs}`,
        'open',
        `INV-${year}-000001`,
        '0.35',
        '0.00',
        '0.35',
        '0.35',
      ],
    ]);
    expect(
      invoices[0]!.lines.map((l) => [l.lineId, l.quantity, l.unit, l.preciseAmount, l.amount]),
    ).toEqual([
      ['compute:[]', '120', 'second', '0.12', '0.12'],
      ['egress:[]', '2.5', 'GB', '0.225', '0.23'],
    ]);
    expect(invoices[0]!.lines[0]!.subLines).toEqual([
      { resourceId: 'ctr-7', quantity: '60', preciseAmount: '0.06' },
      { resourceId: 'vm-80', quantity: '60', preciseAmount: '0.06' },
    ]);
  });
});

test('the draft is visible during the grace period, takes late usage, and is finalized at its end', async () => {
  const customer = aCustomer({ gracePeriodSeconds: 600 });
  const taskQueue = 'grace-invoice';
  await withWorker(taskQueue, async () => {
    const handle = await startCycle(customer, taskQueue);
    await subscribe(customer, [
      {
        id: 'egress',
        meter: 'network.egress',
        dimensionsFilter: {},
        groupBy: [],
        model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
      },
    ]);
    const first = periodContaining(
      { schedule: 'monthly', timezone: 'UTC' },
      await stack.env.currentTimeMs(),
    );
    const end = first.endMs;
    const gigabyte = (timestampMs: number) =>
      anEvent({
        type: 'usage.recorded',
        timestampMs,
        resourceId: 'lb',
        meter: 'network.egress',
        quantity: '1000000000',
      });
    await handle.signal(
      eventsSignal,
      (await ledger(customer, [gigabyte(end - 1)])).map(toWireEvent),
    );

    await stack.env.sleep(end - (await stack.env.currentTimeMs()) + 1_000);
    const draft = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (l) => l.length === 1,
    );
    expect(draft.map((i) => [i.status, i.number, i.total])).toEqual([['draft', null, '0.09']]);

    // A late gigabyte, stamped inside the closed period, arrives during the grace period.
    await handle.signal(
      eventsSignal,
      (await ledger(customer, [gigabyte(end - 2)])).map(toWireEvent),
    );
    await stack.env.sleep(600_000);
    const final = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (l) => l[0]?.status === 'open',
    );
    expect(final.map((i) => [i.id, i.status, i.total])).toEqual([
      [`inv-${customer.id}-${first.startMs}`, 'open', '0.18'],
    ]);
    expect(final[0]!.number).toMatch(/^INV-\d{4}-\d{6}$/);

    // Once final, the invoice never changes: a gigabyte for it arriving now is charged on
    // the next invoice as an adjustment line naming the period it belongs to.
    await handle.signal(
      eventsSignal,
      (await ledger(customer, [gigabyte(end - 3)])).map(toWireEvent),
    );
    const second = periodContaining({ schedule: 'monthly', timezone: 'UTC' }, end);
    await stack.env.sleep(second.endMs - (await stack.env.currentTimeMs()) + 601_000);
    const both = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (l) => l[1]?.status === 'open',
    );
    expect(both.map((i) => [i.status, i.total])).toEqual([
      ['open', '0.18'],
      ['open', '0.09'],
    ]);
    expect(both[1]!.lines.map((l) => [l.lineId, l.quantity, l.amount])).toEqual([
      [`adj-${first.startMs}-egress:[]`, '1', '0.09'],
    ]);
  });
});
