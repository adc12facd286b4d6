import { loadCreditBalance } from '../../db/repositories/credits.repository';
import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { periodContaining } from '../../domain/calendar';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import { billingCycleWorkflowId, eventsSignal } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { eventually } from '../support/eventually';
import { saveSubscribedCustomer } from '../support/subscribed-customer';
import { useWorkflowStack } from '../support/workflow-stack';

/**
 * Late starts and stops of finalized periods through the real billing-cycle workflow on the
 * time-skipping server: each later close restates the periods they change from the ledger
 * and bills the difference, both ways; an overbilled period's refund reduces the next invoice
 * to zero and the rest becomes credit (docs/billing-rules.md, late lifecycle events).
 */
const GRACE_MS = 600_000;
const HOUR = 3_600_000;
const stack = useWorkflowStack();
const { withWorker, sleepUntil, started } = stack;

test('a late stop is refunded (past the next invoice, as credit), a late start charged, each once', async () => {
  const customer = aCustomer({ billingSchedule: 'daily', gracePeriodSeconds: GRACE_MS / 1000 });
  const taskQueue = 'late-lifecycle';
  await saveSubscribedCustomer(
    stack.database.db,
    aPlan({
      name: 'VMs',
      currency: customer.currency,
      minimumCommitment: null,
      prices: [
        {
          id: 'vm',
          meter: 'compute.vm',
          dimensionsFilter: {},
          groupBy: [],
          model: { type: 'run_time', unit: 'hour', unitPrice: '0.10' },
        },
      ],
    }),
    { customer, effectiveFromMs: 0 },
  );

  await withWorker(taskQueue, async () => {
    const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
      taskQueue,
      workflowId: billingCycleWorkflowId(customer.id),
      args: [{ customer }],
    });
    started.push(handle);
    const cycle = { schedule: 'daily' as const, timezone: 'UTC' };
    const p = periodContaining(cycle, await stack.env.currentTimeMs());
    const p1 = periodContaining(cycle, p.endMs);
    const p2 = periodContaining(cycle, p1.endMs);
    const vm = (type: LedgerEvent['type'], resourceId: string, timestampMs: number) =>
      anEvent({ type, timestampMs, resourceId, meter: 'compute.vm' });
    const send = async (...events: LedgerEvent[]) => {
      const ledgered = await appendEvents(
        stack.database.db,
        events.map((event) => toNewEvent(customer.id, event)),
      );
      await handle.signal(
        eventsSignal,
        ledgered.map((r) => toWireEvent(r.event)),
      );
    };
    const finalInvoices = async (count: number) =>
      eventually(
        () => loadCustomerInvoices(stack.database.db, customer.id),
        (list) => list.length === count && list.every((invoice) => invoice.status !== 'draft'),
      );

    // P: vm-1 starts 6 h before the end and is billed running to the end: 6 h x 0.10 = 0.60.
    await send(vm('resource.started', 'vm-1', p.endMs - 6 * HOUR));
    await sleepUntil(p.endMs + GRACE_MS + 1000);
    expect((await finalInvoices(1)).map((invoice) => invoice.total)).toEqual(['0.60']);

    // After P is final: vm-1's stop, stamped 4 h before P's end, arrives late. It ran 2 h in
    // P (0.20): -0.40 for P. P+1 has vm-2 for 1 h (0.10): the invoice takes -0.10 of the
    // refund and totals 0.00; the other 0.30 becomes credit.
    await send(
      vm('resource.stopped', 'vm-1', p.endMs - 4 * HOUR),
      vm('resource.started', 'vm-2', p1.startMs + HOUR),
      vm('resource.stopped', 'vm-2', p1.startMs + 2 * HOUR),
    );
    await sleepUntil(p1.endMs + GRACE_MS + 1000);
    const second = (await finalInvoices(2))[1]!;
    expect([
      second.total,
      second.status,
      second.lines.map((line) => [line.lineId, line.quantity, line.amount]),
      second.lineTotals.map((line) => line.carriedToCredit ?? null),
    ]).toEqual([
      '0.00',
      'paid',
      [
        ['vm:[]', '1', '0.10'],
        [`adj-${p.startMs}-vm:[]`, '-4', '-0.10'],
      ],
      [null, '0.30'],
    ]);
    expect(await loadCreditBalance(stack.database.db, customer.id, customer.currency)).toEqual(
      '0.30',
    );
    // The restatement names the resource: vm-1, -4 h, -0.4 in full (the line shows what the
    // invoice applied, the rest went to credit).
    expect(second.lines[1]?.subLines).toEqual([
      { resourceId: 'vm-1', quantity: '-4', preciseAmount: '-0.4' },
    ]);

    // After P+1 is final: vm-3 started 1 h before P's end and stopped 30 min into P+1, both
    // reported late. P: +1 h (0.10), on top of what P was charged net (0.60 - 0.40 = 0.20);
    // P+1: +0.5 h (0.05). 0.15 in all, paid from the 0.30 of credit.
    await send(
      vm('resource.started', 'vm-3', p.endMs - HOUR),
      vm('resource.stopped', 'vm-3', p1.startMs + HOUR / 2),
    );
    await sleepUntil(p2.endMs + GRACE_MS + 1000);
    const third = (await finalInvoices(3))[2]!;
    expect([
      third.total,
      third.creditsApplied,
      third.amountDue,
      third.lines.map((line) => [line.lineId, line.quantity, line.amount]),
    ]).toEqual([
      '0.15',
      '0.15',
      '0.00',
      [
        // vm-3's late start and stop both land at P+2's start: a run of 0 s there.
        ['vm:[]', '0', '0.00'],
        [`adj-${p.startMs}-vm:[]`, '1', '0.10'],
        [`adj-${p1.startMs}-vm:[]`, '0.5', '0.05'],
      ],
    ]);
    expect(await loadCreditBalance(stack.database.db, customer.id, customer.currency)).toEqual(
      '0.15',
    );
    // Per resource, P's restatement adds vm-3 alone: vm-1 was billed 6 h - 4 h = 2 h, as now.
    expect(third.lines.slice(1).map((line) => line.subLines)).toEqual([
      [{ resourceId: 'vm-3', quantity: '1', preciseAmount: '0.1' }],
      [{ resourceId: 'vm-3', quantity: '0.5', preciseAmount: '0.05' }],
    ]);
  });
}, 120_000);
