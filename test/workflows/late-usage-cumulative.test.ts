import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { periodContaining } from '../../domain/calendar';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import { billingCycleWorkflowId, eventsSignal } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { useWorkflowStack } from '../support/workflow-stack';
import { aPlan, anEgressPrice } from '../fixtures/catalog';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * Late usage of one finalized period arriving twice, through the real billing-cycle
 * workflow on the time-skipping server: the workflow releases the first batch's counters
 * once the period that reported it is final, so the second adjustment must find what was
 * already billed in the persisted summaries (docs/billing-rules.md, late usage).
 */

const GRACE_MS = 600_000;
const stack = useWorkflowStack();
const { withWorker, sleepUntil, started } = stack;

test('3 GB late, then 3 GB more after the next close: adjustments 0.19, then 0.15', async () => {
  const customer = aCustomer({ billingSchedule: 'daily', gracePeriodSeconds: GRACE_MS / 1000 });
  const taskQueue = 'late-usage-cumulative';
  // Egress graduated: 0.09/GB up to 10 GB, 0.05/GB above.
  await saveSubscribedCustomer(
    stack.database.db,
    aPlan({
      name: 'Egress',
      currency: customer.currency,
      minimumCommitment: null,
      prices: [anEgressPrice()],
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
    const gigabytes = (quantity: string, timestampMs: number): LedgerEvent =>
      anEvent({
        type: 'usage.recorded',
        timestampMs,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity,
      });
    const send = async (event: LedgerEvent) => {
      const [ledgered] = await appendEvents(stack.database.db, [toNewEvent(customer.id, event)]);
      await handle.signal(eventsSignal, [toWireEvent(ledgered!.event)]);
    };
    const invoicesOnceFinal = async (count: number) =>
      eventually(
        () => loadCustomerInvoices(stack.database.db, customer.id),
        (list) => list.length === count && list.every((invoice) => invoice.status === 'open'),
      );

    // P: 9 GB x 0.09 = 0.81, finalized after its grace period.
    await send(gigabytes('9', p.endMs - 1000));
    await sleepUntil(p.endMs + GRACE_MS + 1000);
    expect((await invoicesOnceFinal(1)).map((invoice) => invoice.total)).toEqual(['0.81']);

    // 3 GB of P arrive late, reported by P+1: 10 x 0.09 + 2 x 0.05 = 1.00 - 0.81 = 0.19.
    await send(gigabytes('3', p.endMs - 2000));
    const p1 = periodContaining(cycle, p.endMs);
    await sleepUntil(p1.endMs + GRACE_MS + 1000);
    expect((await invoicesOnceFinal(2)).map((invoice) => invoice.total)).toEqual(['0.81', '0.19']);
    // 3 GB more of P arrive after P+1's close, reported by P+2: its counter was released,
    // yet 10 x 0.09 + 5 x 0.05 = 1.15 is rated against the 1.00 billed: 0.15.
    await send(gigabytes('3', p.endMs - 3000));
    const p2 = periodContaining(cycle, p1.endMs);
    await sleepUntil(p2.endMs + GRACE_MS + 1000);

    const invoices = await invoicesOnceFinal(3);
    expect(
      invoices.map((invoice) => [
        invoice.total,
        invoice.lines.map((line) => [line.lineId, line.quantity, line.amount]),
      ]),
    ).toEqual([
      ['0.81', [['egress:[]', '9', '0.81']]],
      ['0.19', [[`adj-${p.startMs}-egress:[]`, '3', '0.19']]],
      ['0.15', [[`adj-${p.startMs}-egress:[]`, '3', '0.15']]],
    ]);
  });
}, 120_000);
