import { recordPayment } from '../../services/record-payment';
import { loadCustomerBillingEvents } from '../../db/repositories/billing-events.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { draftInvoice, invoiceNumbering } from '../../domain/invoice';
import { overdueWorkflowId } from '../../workflows/definitions';
import { createBrowserPool } from '../../adapters/pdf';
import { loadDocument } from '../../db/repositories/documents.repository';
import { aCustomer } from '../fixtures/builders';
import { TEST_ISSUER } from '../support/delivery';
import { useWorkflowStack } from '../support/workflow-stack';

const DAY = 86_400_000;

const stack = useWorkflowStack();

/** A finalized 8.00 invoice, due 30 days after the test server's now. */
async function anOpenInvoice(): Promise<{ customerId: string; invoiceId: string }> {
  const customer = aCustomer();
  await saveNewCustomer(stack.database.db, customer);
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
  await saveDraftInvoice(stack.database.db, draft);
  const finalizedAtMs = await stack.env.currentTimeMs();
  await finalizeInvoice(stack.database.db, draft.invoiceId, {
    ...invoiceNumbering(finalizedAtMs),
    finalizedAtMs,
  });
  return { customerId: customer.id, invoiceId: draft.invoiceId };
}

async function watch(invoiceId: string): Promise<void> {
  await stack.withWorker('overdue', () =>
    stack.env.client.workflow.execute('invoiceOverdueWorkflow', {
      taskQueue: 'overdue',
      workflowId: overdueWorkflowId(invoiceId),
      args: [{ invoiceId }],
    }),
  );
}

const overdueEvents = async (customerId: string) =>
  (await loadCustomerBillingEvents(stack.database.db, customerId)).filter(
    (event) => event.type === 'invoice.overdue',
  );

test('an invoice still unpaid at its due date becomes overdue once, at that instant', async () => {
  const { customerId, invoiceId } = await anOpenInvoice();
  const startedMs = await stack.env.currentTimeMs();
  await watch(invoiceId);
  const [event, ...more] = await overdueEvents(customerId);
  expect(more).toEqual([]);
  expect(event?.id).toEqual(`evt_invoice.overdue_${invoiceId}`);
  // The durable timer slept the 30 days of the payment terms (time skipped).
  expect(event!.occurredAtMs - startedMs).toBeGreaterThanOrEqual(30 * DAY - 1_000);
});

test('an invoice paid before its due date never becomes overdue', async () => {
  const { customerId, invoiceId } = await anOpenInvoice();
  await recordPayment(stack.database.db, invoiceId, {
    reference: 'wire',
    amount: '8.00',
    receivedAtMs: await stack.env.currentTimeMs(),
  });
  await watch(invoiceId);
  expect(await overdueEvents(customerId)).toEqual([]);
});

test('delivering a finalization watches the invoice on a timer: overdue once, at its due date', async () => {
  const { customerId, invoiceId } = await anOpenInvoice();
  const startedMs = await stack.env.currentTimeMs();
  // A worker that renders (real Chromium) and has no mailer, ERP or dispatcher: the delivery
  // is render -> overdue watch, and the watch is the delivery workflow's own timer.
  const pdf = createBrowserPool({ executablePath: '/usr/bin/chromium', size: 1 });
  try {
    await stack.withWorker(
      'overdue-delivery',
      () =>
        stack.env.client.workflow.execute('billingEventDeliveryWorkflow', {
          taskQueue: 'overdue-delivery',
          workflowId: `delivery:evt_invoice.finalized_${invoiceId}`,
          args: [{ eventId: `evt_invoice.finalized_${invoiceId}` }],
        }),
      {
        issuer: TEST_ISSUER,
        pdf,
        publicBaseUrl: 'http://billing.test',
        portal: {
          mac: (message) => message,
          invoiceLinkTtlMs: DAY,
          publicBaseUrl: 'http://billing.test',
        },
        mailer: null,
        erp: null,
        dispatcher: null,
        webhookTimeoutMs: 1_000,
      },
    );
  } finally {
    await pdf.close();
  }
  expect((await loadDocument(stack.database.db, invoiceId, 'pdf'))?.content.length).toBeGreaterThan(
    1_000,
  );
  const [event, ...more] = await overdueEvents(customerId);
  expect(more).toEqual([]);
  expect(event?.id).toEqual(`evt_invoice.overdue_${invoiceId}`);
  expect(event!.occurredAtMs - startedMs).toBeGreaterThanOrEqual(30 * DAY - 1_000);
  // No workflow of its own for the watch any more.
  await expect(
    stack.env.client.workflow.getHandle(overdueWorkflowId(invoiceId)).describe(),
  ).rejects.toThrow();
}, 60_000);
