import { recordPayment } from '../../services/record-payment';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { loadCustomerBillingEvents } from '../../db/repositories/billing-events.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { draftInvoice, invoiceNumbering } from '../../domain/invoice';
import { overdueWorkflowId } from '../../workflows/definitions';
import { aCustomer } from '../fixtures/builders';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bundleWorkflows } from '../support/stack';
import { createTimeSkippingEnv } from '../support/temporal';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, database, bundle] = await Promise.all([
    createTimeSkippingEnv(),
    createTestDatabase(),
    bundleWorkflows(),
  ]);
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

/** A finalized 8.00 invoice, due 30 days after the test server's now. */
async function anOpenInvoice(): Promise<{ customerId: string; invoiceId: string }> {
  const customer = aCustomer();
  await saveNewCustomer(database.db, customer);
  const startMs = Date.UTC(2026, 9, 1);
  const draft = draftInvoice({
    customerId: customer.id,
    period: { startMs, endMs: startMs + DAY },
    terms: {
      planId: 'plan',
      currency: 'EUR',
      minimumCommitment: '8.00',
      prices: [],
    },
    usage: [],
  });
  await saveDraftInvoice(database.db, draft);
  const finalizedAtMs = await env.currentTimeMs();
  await finalizeInvoice(database.db, draft.invoiceId, {
    ...invoiceNumbering(finalizedAtMs),
    finalizedAtMs,
  });
  return { customerId: customer.id, invoiceId: draft.invoiceId };
}

async function watch(invoiceId: string): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'overdue',
    workflowBundle: bundle,
    activities: createActivities({ db: database.db }),
  });
  await worker.runUntil(
    env.client.workflow.execute('invoiceOverdueWorkflow', {
      taskQueue: 'overdue',
      workflowId: overdueWorkflowId(invoiceId),
      args: [{ invoiceId }],
    }),
  );
}

const overdueEvents = async (customerId: string) =>
  (await loadCustomerBillingEvents(database.db, customerId)).filter(
    (event) => event.type === 'invoice.overdue',
  );

test('an invoice still unpaid at its due date becomes overdue once, at that instant', async () => {
  const { customerId, invoiceId } = await anOpenInvoice();
  const startedMs = await env.currentTimeMs();
  await watch(invoiceId);
  const [event, ...more] = await overdueEvents(customerId);
  expect(more).toEqual([]);
  expect(event?.id).toEqual(`evt_invoice.overdue_${invoiceId}`);
  // The durable timer slept the 30 days of the payment terms (time skipped).
  expect(event!.occurredAtMs - startedMs).toBeGreaterThanOrEqual(30 * DAY - 1_000);
});

test('an invoice paid before its due date never becomes overdue', async () => {
  const { customerId, invoiceId } = await anOpenInvoice();
  await recordPayment(database.db, invoiceId, {
    reference: 'wire',
    amount: '8.00',
    receivedAtMs: await env.currentTimeMs(),
  });
  await watch(invoiceId);
  expect(await overdueEvents(customerId)).toEqual([]);
});
