import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { periodContaining } from '../../domain/calendar';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import type { Price } from '../../domain/rating';
import { billingCycleWorkflowId, eventsSignal } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { eventually } from '../support/eventually';
import { saveSubscribedCustomer } from '../support/subscribed-customer';
import { useWorkflowStack } from '../support/workflow-stack';

/**
 * A plan change at 12:00 of a daily period through the real billing-cycle workflow on the
 * time-skipping server: the close splits the VM's run and the counters exactly at the change
 * and rates each segment on its own plan (docs/billing-rules.md, plan changes).
 */
const GRACE_MS = 600_000;
const HOUR = 3_600_000;
const stack = useWorkflowStack();
const { withWorker, sleepUntil, started } = stack;

const prices = (vm: Partial<Extract<Price['model'], { type: 'run_time' }>>, egress: string) =>
  [
    {
      id: 'vm',
      meter: 'compute.vm',
      dimensionsFilter: {},
      groupBy: [],
      model: { type: 'run_time', unit: 'hour', unitPrice: '0.10', ...vm },
    },
    {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: {},
      groupBy: [],
      model: { type: 'counter', unitPrice: egress },
    },
  ] satisfies Price[];

/** A daily customer on plan a (0.10/h capped at 1.00 a period, egress 0.05/GB); plan b (0.20/h, egress 0.04/GB) is saved too. */
async function customerOnPlanA() {
  const db = stack.database.db;
  const customer = aCustomer({ billingSchedule: 'daily', gracePeriodSeconds: GRACE_MS / 1000 });
  const a = aPlan({
    name: 'A',
    currency: customer.currency,
    minimumCommitment: null,
    prices: prices({ periodCapAmount: '1.00' }, '0.05'),
  });
  const b = aPlan({
    name: 'B',
    currency: customer.currency,
    minimumCommitment: null,
    prices: prices({ unitPrice: '0.20' }, '0.04'),
  });
  await saveSubscribedCustomer(db, a, { customer, effectiveFromMs: 0 });
  await saveNewPlan(db, b);
  return { customer, a, b };
}

/** Starts the customer's billing cycle; the sender ledgers events and signals them to it. */
async function startCycle(customer: ReturnType<typeof aCustomer>, taskQueue: string) {
  const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
    taskQueue,
    workflowId: billingCycleWorkflowId(customer.id),
    args: [{ customer }],
  });
  started.push(handle);
  return async (...events: LedgerEvent[]): Promise<void> => {
    const ledgered = await appendEvents(
      stack.database.db,
      events.map((e) => toNewEvent(customer.id, e)),
    );
    await handle.signal(
      eventsSignal,
      ledgered.map((r) => toWireEvent(r.event)),
    );
  };
}

test.each([
  ['stored the day before (a future change)', false],
  ['stored at 16:00, after the VM crossed it (a backdated change)', true],
])(
  'a VM running across a plan change at noon, %s: 10 h on plan a, 8 h on plan b',
  async (_name, backdated) => {
    const taskQueue = backdated ? 'plan-change-backdated' : 'plan-change';
    const db = stack.database.db;
    const { customer, a, b } = await customerOnPlanA();

    await withWorker(taskQueue, async () => {
      const send = await startCycle(customer, taskQueue);
      const cycle = { schedule: 'daily' as const, timezone: 'UTC' };
      const p = periodContaining(cycle, await stack.env.currentTimeMs());
      const p1 = periodContaining(cycle, p.endMs);
      // The change takes effect at 12:00 of the next day.
      const change = () =>
        saveNewSubscription(db, {
          id: uniqueId('sub'),
          customerId: customer.id,
          planId: b.id,
          effectiveFromMs: p1.startMs + 12 * HOUR,
        });
      if (!backdated) await change();
      const event = (type: LedgerEvent['type'], hours: number, fields: Partial<LedgerEvent> = {}) =>
        anEvent({ type, timestampMs: p1.startMs + hours * HOUR, resourceId: 'vm-1', ...fields });
      const egress = (hours: number, quantity: string) =>
        event('usage.recorded', hours, { resourceId: 'nic-1', meter: 'network.egress', quantity });

      await sleepUntil(p.endMs + GRACE_MS + 1000);
      // The VM runs 02:00-20:00; 3 GB leave at 08:00 (plan a), 5 GB at 14:00 (plan b).
      await send(
        event('resource.started', 2),
        egress(8, '3'),
        egress(14, '5'),
        event('resource.stopped', 20),
      );
      if (backdated) {
        await sleepUntil(p1.startMs + 16 * HOUR);
        await change();
      }
      await sleepUntil(p1.endMs + GRACE_MS + 1000);
      const invoices = await eventually(
        () => loadCustomerInvoices(db, customer.id),
        (list) =>
          list.some(
            (invoice) => invoice.periodStartMs === p1.startMs && invoice.status !== 'draft',
          ),
      );
      const invoice = invoices.find((i) => i.periodStartMs === p1.startMs)!;
      // a: 10 h x 0.10 = 1.00, capped at 1.00 x 12/24 = 0.50; 3 GB x 0.05 = 0.15.
      // b: 8 h x 0.20 = 1.60 (the run continues: no new minimum); 5 GB x 0.04 = 0.20.
      expect([
        invoice.planId,
        invoice.total,
        invoice.lines.map((line) => [line.lineId, line.quantity, line.amount]),
      ]).toEqual([
        b.id,
        '2.45',
        [
          [`egress:[]@${a.id}`, '3', '0.15'],
          [`vm:[]@${a.id}`, '10', '0.50'],
          [`egress:[]@${b.id}`, '5', '0.20'],
          [`vm:[]@${b.id}`, '8', '1.60'],
        ],
      ]);
    });
  },
  120_000,
);

test('a late stop in a period split by a plan change is restated on the plan of its segment', async () => {
  const taskQueue = 'plan-change-restated';
  const db = stack.database.db;
  const { customer, a, b } = await customerOnPlanA();
  await withWorker(taskQueue, async () => {
    const send = await startCycle(customer, taskQueue);
    const cycle = { schedule: 'daily' as const, timezone: 'UTC' };
    const p = periodContaining(cycle, await stack.env.currentTimeMs());
    const p1 = periodContaining(cycle, p.endMs);
    const p2 = periodContaining(cycle, p1.endMs);
    await saveNewSubscription(db, {
      id: uniqueId('sub'),
      customerId: customer.id,
      planId: b.id,
      effectiveFromMs: p1.startMs + 12 * HOUR,
    });
    const vm = (type: LedgerEvent['type'], atMs: number) =>
      anEvent({ type, timestampMs: atMs, resourceId: 'vm-1', meter: 'compute.vm' });
    const finalOf = async (period: { startMs: number }) =>
      (
        await eventually(
          () => loadCustomerInvoices(db, customer.id),
          (list) => list.some((i) => i.periodStartMs === period.startMs && i.status !== 'draft'),
        )
      ).find((i) => i.periodStartMs === period.startMs)!;

    await sleepUntil(p.endMs + GRACE_MS + 1000);
    // P+1: the VM starts at 02:00 and is billed running to the end: a 10 h (capped 0.50),
    // b 12 h x 0.20 = 2.40.
    await send(vm('resource.started', p1.startMs + 2 * HOUR));
    await sleepUntil(p1.endMs + GRACE_MS + 1000);
    const split = await finalOf(p1);
    expect(split.lines.map((line) => [line.lineId, line.amount])).toEqual([
      [`vm:[]@${a.id}`, '0.50'],
      [`vm:[]@${b.id}`, '2.40'],
    ]);

    // Its stop, stamped 16:00 of P+1, arrives after P+1 is final: on plan b it ran 4 h, not 12
    // (0.80: -1.60); plan a's segment is unchanged. With it, 5 GB of egress stamped 14:00 of P+1
    // arrive late: plan b's rate, 5 x 0.04 = 0.20. P+2 has nothing else: 0.20 - 1.60, the
    // invoice goes to zero and 1.40 is carried to credit.
    await send(
      vm('resource.stopped', p1.startMs + 16 * HOUR),
      anEvent({
        type: 'usage.recorded',
        timestampMs: p1.startMs + 14 * HOUR,
        resourceId: 'nic-1',
        meter: 'network.egress',
        quantity: '5',
      }),
    );
    await sleepUntil(p2.endMs + GRACE_MS + 1000);
    const next = await finalOf(p2);
    expect([
      next.total,
      next.lines
        .filter((line) => line.lineId.startsWith('adj-'))
        .map((line) => [line.lineId, line.quantity, line.amount]),
      next.lineTotals.map((line) => line.carriedToCredit ?? null).filter(Boolean),
    ]).toEqual([
      '0.00',
      [
        [`adj-${p1.startMs}-egress:[]@${b.id}`, '5', '0.20'],
        [`adj-${p1.startMs}-vm:[]@${b.id}`, '-8', '-0.20'],
      ],
      ['1.40'],
    ]);
  });
}, 120_000);
