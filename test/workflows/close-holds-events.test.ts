import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { dataConverter } from '../../runtime/payload-codec';
import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { loadUsageSummaryLateUsage } from '../../db/repositories/usage-summaries.repository';
import { periodContaining } from '../../domain/calendar';
import { toWireEvent, type LedgerEvent } from '../../domain/events';
import { billingCycleWorkflowId, eventsSignal, usageQuery } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { useWorkflowStack } from '../support/workflow-stack';
import { aPlan, anEgressPrice } from '../fixtures/catalog';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * An event applied while a period's final close is running its activities: the closing
 * period's summary is already persisted, and the close then drops that period's counters.
 * The workflow holds such events until the horizon has moved, so a counter stamped in the
 * closed period becomes late usage of it, reported by the next summary and billed as an
 * adjustment, instead of vanishing.
 */

const GRACE_MS = 600_000;
const stack = useWorkflowStack();
const { sleepUntil, started } = stack;

/** A latch: `entered` resolves when the activity starts, `open()` lets it finish. */
function aGate(): {
  entered: Promise<void>;
  enter: () => void;
  opened: Promise<void>;
  open: () => void;
} {
  let enter = (): void => undefined;
  let open = (): void => undefined;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { entered, enter, opened, open };
}

const cycle = { schedule: 'daily' as const, timezone: 'UTC' };

function gigabytes(quantity: string, timestampMs: number): LedgerEvent {
  return anEvent({
    type: 'usage.recorded',
    timestampMs,
    resourceId: 'lb-1',
    meter: 'network.egress',
    quantity,
  });
}

/**
 * A daily customer with a 600 s grace period on egress, graduated 0.09/GB up to 10 GB and
 * 0.05/GB above, and a worker whose first finalize (the first final close) waits for `gate`.
 */
async function aCustomerFinalizedBehind(gate: ReturnType<typeof aGate>, taskQueue: string) {
  const customer = aCustomer({ billingSchedule: 'daily', gracePeriodSeconds: GRACE_MS / 1000 });
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

  const real = createActivities({ db: stack.database.db });
  let finalizes = 0;
  const activities: typeof real = {
    ...real,
    finalizePeriodInvoice: async (input) => {
      finalizes += 1;
      if (finalizes === 1) {
        gate.enter();
        await gate.opened;
      }
      return real.finalizePeriodInvoice(input);
    },
  };
  const worker = await Worker.create({
    connection: stack.env.nativeConnection,
    taskQueue,
    workflowBundle: stack.bundle,
    dataConverter,
    activities,
  });
  const start = async () => {
    const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
      taskQueue,
      workflowId: billingCycleWorkflowId(customer.id),
      args: [{ customer }],
    });
    started.push(handle);
    return handle;
  };
  /** Ledgers the events (as the API would); returns their sequence numbers. */
  const ledger = async (events: LedgerEvent[]): Promise<LedgerEvent[]> =>
    (
      await appendEvents(
        stack.database.db,
        events.map((e) => toNewEvent(customer.id, e)),
      )
    ).map((r) => r.event);
  return { customer, worker, start, ledger };
}

test('3 GB of P signalled while P is being finalized: reported late by P+1 and billed 0.19', async () => {
  // The first finalize (P's final close) waits until the test has signalled the event.
  const gate = aGate();
  const { customer, worker, start, ledger } = await aCustomerFinalizedBehind(
    gate,
    'close-holds-events',
  );

  await worker.runUntil(async () => {
    const handle = await start();
    const p = periodContaining(cycle, await stack.env.currentTimeMs());
    const p1 = periodContaining(cycle, p.endMs);
    const send = async (event: LedgerEvent): Promise<number> => {
      const [ledgered] = await ledger([event]);
      await handle.signal(eventsSignal, [toWireEvent(ledgered!)]);
      return ledgered!.seq;
    };

    // P: 9 GB x 0.09 = 0.81. Its final close starts after the grace period and blocks in
    // finalize, after P's summary is persisted and before the horizon moves.
    const first = await send(gigabytes('9', p.endMs - 1000));
    const closing = sleepUntil(p.endMs + GRACE_MS + 1000);
    await gate.entered;

    // 3 GB stamped in P, signalled while P is being finalized.
    const second = await send(gigabytes('3', p.endMs - 2000));
    expect(second).toEqual(first + 1);
    // The signal is handled (applied, or held until the close ends) and the query answers.
    const during = await eventually(
      () => handle.query(usageQuery),
      (usage) => usage.lastSequence === second || usage.pendingEvents === 1,
    );
    expect(during.period.startMs).toEqual(p1.startMs);
    expect([during.lastSequence, during.pendingEvents]).toEqual([first, 1]);

    gate.open();
    await closing;
    await eventually(
      () => handle.query(usageQuery),
      (usage) => usage.lastSequence === second,
    );
    // The run that held the event through P's close continued as new, and replays as it ran.
    await eventually(
      () => handle.describe(),
      (description) => description.runId !== handle.firstExecutionRunId,
    );
    const closedRun = await stack.env.client.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .fetchHistory();
    expect(closedRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await Worker.runReplayHistory({ workflowBundle: stack.bundle }, closedRun);

    // P+1 reports the 3 GB as late usage of P...
    expect(await handle.query(usageQuery)).toMatchObject({
      lastSequence: second,
      pendingEvents: 0,
      lateUsage: [{ periodStartMs: p.startMs, resourceId: 'lb-1', quantity: '3' }],
    });

    // ...and bills it once final: 10 x 0.09 + 2 x 0.05 = 1.00 - 0.81 = 0.19.
    await sleepUntil(p1.endMs + GRACE_MS + 1000);
    expect(await loadUsageSummaryLateUsage(stack.database.db, customer.id, p1.startMs)).toEqual([
      {
        periodStartMs: p.startMs,
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: {},
        quantity: '3',
      },
    ]);
    const invoices = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (list) => list.length === 2 && list.every((invoice) => invoice.status === 'open'),
    );
    expect(
      invoices.map((invoice) => [
        invoice.total,
        invoice.lines.map((line) => [line.lineId, line.quantity, line.amount]),
      ]),
    ).toEqual([
      ['0.81', [['egress:[]', '9', '0.81']]],
      ['0.19', [[`adj-${p.startMs}-egress:[]`, '3', '0.19']]],
    ]);
  });
}, 120_000);

test('held behind a gap through continue-as-new: the next run fills it from the ledger', async () => {
  const gate = aGate();
  const { customer, worker, start, ledger } = await aCustomerFinalizedBehind(
    gate,
    'close-holds-gap',
  );

  await worker.runUntil(async () => {
    const handle = await start();
    const p = periodContaining(cycle, await stack.env.currentTimeMs());
    const p1 = periodContaining(cycle, p.endMs);
    const [first] = await ledger([gigabytes('9', p.endMs - 1000)]);
    await handle.signal(eventsSignal, [toWireEvent(first!)]);
    const closing = sleepUntil(p.endMs + GRACE_MS + 1000);
    await gate.entered;

    // While P is being finalized: 3 GB of P are ledgered but their signal is lost, and 1 GB
    // of P+1 is signalled. The 1 GB is held, then waits behind the gap across continue-as-new.
    const [late, current] = await ledger([
      gigabytes('3', p.endMs - 2000),
      gigabytes('1', p.endMs + 5000),
    ]);
    await handle.signal(eventsSignal, [toWireEvent(current!)]);
    const during = await eventually(
      () => handle.query(usageQuery),
      (usage) => usage.lastSequence === current!.seq || usage.pendingEvents === 1,
    );
    expect([during.lastSequence, during.pendingEvents]).toEqual([first!.seq, 1]);

    gate.open();
    await closing;
    const after = await eventually(
      () => handle.query(usageQuery),
      (usage) => usage.lastSequence === current!.seq,
    );
    expect(late!.seq).toEqual(first!.seq + 1);
    expect(after).toMatchObject({
      period: p1,
      pendingEvents: 0,
      lateUsage: [{ periodStartMs: p.startMs, quantity: '3' }],
      resources: [{ resourceId: 'lb-1', meter: 'network.egress', quantity: '1' }],
    });

    // P+1: 1 GB x 0.09 = 0.09, plus P's adjustment 1.00 - 0.81 = 0.19.
    await sleepUntil(p1.endMs + GRACE_MS + 1000);
    const invoices = await eventually(
      () => loadCustomerInvoices(stack.database.db, customer.id),
      (list) => list.length === 2 && list.every((invoice) => invoice.status === 'open'),
    );
    expect(
      invoices.map((invoice) => [
        invoice.total,
        invoice.lines.map((line) => [line.lineId, line.quantity, line.amount]),
      ]),
    ).toEqual([
      ['0.81', [['egress:[]', '9', '0.81']]],
      [
        '0.28',
        [
          ['egress:[]', '1', '0.09'],
          [`adj-${p.startMs}-egress:[]`, '3', '0.19'],
        ],
      ],
    ]);
  });
}, 120_000);
