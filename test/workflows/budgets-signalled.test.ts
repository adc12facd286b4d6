import type { WorkflowHandle } from '@temporalio/client';
import { temporalBillingCycles } from '../../adapters/temporal/billing-cycles';
import { loadBudgetCrossings } from '../../db/repositories/budgets.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { toWireEvent } from '../../domain/events';
import { createBudget } from '../../services/budgets';
import { billingCycleWorkflowId, eventsSignal } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { aPlan, anEgressPrice } from '../fixtures/catalog';
import { eventually } from '../support/eventually';
import { saveSubscribedCustomer } from '../support/subscribed-customer';
import { useWorkflowStack } from '../support/workflow-stack';

/**
 * Budget checks of a customer known to have no budgets, through the real billing-cycle
 * workflow on the time-skipping server: usage alone never asks (a customer without budgets
 * used to run a check a minute while it had usage); the budget the API creates is signalled
 * and checked at once.
 */

const stack = useWorkflowStack();
const { withWorker, sleepUntil, started } = stack;
const MINUTE_MS = 60_000;

/** How many times the workflow's history ran the budget check (a local activity marker each). */
async function budgetChecksIn(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) =>
    (event.markerRecordedEventAttributes?.details?.data?.payloads ?? []).some((payload) =>
      Buffer.from(payload.data ?? [])
        .toString('utf8')
        .includes('checkBudgets'),
    ),
  ).length;
}

/**
 * A customer on egress at 0.09/GB up to 10 GB, its cycle started on `taskQueue` as the API
 * starts it (`created`: by the request that created the customer), and a way to send it
 * gigabytes through the ledger.
 */
async function customerWithCycle(taskQueue: string, created: boolean) {
  const customer = aCustomer();
  await saveSubscribedCustomer(
    stack.database.db,
    aPlan({ currency: customer.currency, minimumCommitment: null, prices: [anEgressPrice()] }),
    { customer, effectiveFromMs: 0 },
  );
  const cycles = temporalBillingCycles(stack.env.client, taskQueue);
  await cycles.start(customer, { created });
  const handle = stack.env.client.workflow.getHandle(billingCycleWorkflowId(customer.id));
  started.push(handle);
  const gigabytes = async (quantity: string) => {
    const event = anEvent({
      type: 'usage.recorded',
      timestampMs: await stack.env.currentTimeMs(),
      resourceId: 'lb-1',
      meter: 'network.egress',
      quantity,
    });
    const [ledgered] = await appendEvents(stack.database.db, [toNewEvent(customer.id, event)]);
    await handle.signal(eventsSignal, [toWireEvent(ledgered!.event)]);
  };
  return { customer, cycles, handle, gigabytes };
}

test('a new customer runs no budget check until a budget is created; then it alerts at once', async () => {
  const taskQueue = 'budgets-signalled';
  await withWorker(taskQueue, async () => {
    const { customer, cycles, handle, gigabytes } = await customerWithCycle(taskQueue, true);

    // 9 GB over 50 minutes: 0.81, and not one budget check (it asked at once, then each minute).
    for (const minute of [0, 10, 20, 30, 40, 50]) {
      await sleepUntil((await stack.env.currentTimeMs()) + (minute === 0 ? 0 : 10 * MINUTE_MS));
      await gigabytes('1.5');
    }
    await eventually(
      () => handle.query<{ lastSequence: number }>('usage'),
      (usage) => usage.lastSequence === 6,
    );
    expect(await budgetChecksIn(handle)).toEqual(0);

    // A budget of 1.00 alerting at 50 %: created through the service, which signals the cycle.
    await createBudget(
      { db: stack.database.db, cycles },
      { kind: 'operator' },
      {
        customerId: customer.id,
        id: 'egress-cap',
        projectId: null,
        amount: '1.00',
        thresholds: [50],
        basis: 'accrued',
      },
    );
    const crossings = await eventually(
      () => loadBudgetCrossings(stack.database.db, customer.id),
      (list) => list.length === 1,
    );
    expect(crossings.map((c) => [c.budgetId, c.threshold, c.spend])).toEqual([
      ['egress-cap', 50, '0.81'],
    ]);
    // The count, then the check with the usage report (markers land when the task completes).
    await eventually(
      () => budgetChecksIn(handle),
      (checks) => checks === 2,
    );
  });
}, 120_000);

test('a cycle that does not know asks at its first usage, the count only', async () => {
  const taskQueue = 'budgets-unknown';
  await withWorker(taskQueue, async () => {
    // Started as the API starts the cycle of a customer created before (a replayed create).
    const { customer, cycles, handle, gigabytes } = await customerWithCycle(taskQueue, false);
    await gigabytes('1');
    await eventually(
      () => budgetChecksIn(handle),
      (checks) => checks === 1,
    );
    expect(await loadBudgetCrossings(stack.database.db, customer.id)).toEqual([]);
    // A customer without a cycle has nothing to tell: the one that starts later asks itself.
    await expect(cycles.budgetsChanged('cus-without-a-cycle')).resolves.toBeUndefined();
  });
}, 120_000);
