import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { renderDocumentFiles } from '../../services/render-documents';
import { loadInvoiceDocument } from '../../services/load-document';
import { createBrowserPool } from '../../adapters/pdf';
import type { RunningApi } from '../../api/server';
import { loadErpSync } from '../../db/repositories/deliveries.repository';
import { loadDocument } from '../../db/repositories/documents.repository';
import { startDeliveryFakes, TEST_ISSUER, type DeliveryFakes } from '../support/delivery';
import { eventually } from '../support/eventually';
import { startWebhookReceiver, type WebhookReceiver } from '../support/fakes/webhook-receiver';
import { getJson, postJson } from '../support/http';
import { aCustomerWithDraft } from '../support/invoice-fixtures';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestApi } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

const TASK_QUEUE = 'e2e-delivery-crash';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;
let fakes: DeliveryFakes;
let receiver: WebhookReceiver;
let worker: WorkerProcess;
const receiverOptions = { secret: 'whsec_AAAA' };

beforeAll(async () => {
  const port = await freePort();
  [env, database, fakes, receiver] = await Promise.all([
    createDevServerEnv({ port }),
    createTestDatabase(),
    startDeliveryFakes(),
    startWebhookReceiver(receiverOptions),
  ]);
  api = await startTestApi(env, database, TASK_QUEUE);
  worker = new WorkerProcess({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    ...fakes.workerEnv,
  });
  await worker.start();
  const endpoint = await postJson(`${api.url}/v1/webhook-endpoints`, {
    id: 'hook',
    url: receiver.url,
  });
  receiverOptions.secret = endpoint.body.secret as string;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await fakes?.close();
  await receiver?.close();
  await env?.teardown();
  await database?.drop();
});

/** SIGKILLs the worker and starts a new one: no shutdown, no draining. */
async function crashAndRestart(): Promise<void> {
  await worker.kill();
  await worker.start();
}

test('the worker killed mid-delivery, twice: one email, one ERP record, one webhook, the same PDF', async () => {
  const { draft } = await aCustomerWithDraft(api.url, database.db);
  const id = draft.invoiceId;
  // Both answers come late, after the provider has acted: the worker dies in between.
  fakes.resend.delayNext(1, 8_000);
  fakes.erp.delayNext(1, 8_000);
  const finalized = await postJson(`${api.url}/v1/invoices/${id}/finalize`, {});
  const number = finalized.body.number as string;

  const emailed = await eventually(
    () => Promise.resolve(fakes.resend.emails.length),
    (count) => count === 1,
    60_000,
  );
  expect(emailed).toEqual(1);
  await crashAndRestart();

  const written = await eventually(
    () => Promise.resolve(fakes.erp.writes.get(number) ?? 0),
    (count) => count >= 1,
    60_000,
  );
  expect(written).toEqual(1);
  await crashAndRestart();

  const synced = await eventually(
    () => loadErpSync(database.db, `invoice.finalized:${id}`),
    (sync) => sync?.status === 'synced',
    60_000,
  );
  expect(synced?.status).toEqual('synced');
  // Email, webhook and ERP go out side by side: the email may still be retrying here.
  const invoice = await eventually(
    () => getJson(`${api.url}/v1/invoices/${id}`),
    (response) => response.body.delivery.email?.status === 'sent',
    60_000,
  );
  expect(invoice.body.delivery.email.status).toEqual('sent');
  // The email was retried after the crash and Resend recognized its idempotency key.
  expect(fakes.resend.requests).toBeGreaterThanOrEqual(2);
  expect(fakes.resend.emails.map((email) => email.subject.includes(number))).toEqual([true]);
  // The ERP write was retried after a crash too, and its record is still one.
  expect(fakes.erp.invoices.size).toEqual(1);
  expect(fakes.erp.writes.get(number)).toBeGreaterThanOrEqual(2);
  // A webhook POST cut off by a crash is sent again with the same webhook-id, the key a
  // receiver deduplicates by (Standard Webhooks); at most once more per crash.
  const webhooks = receiver.deliveries.filter((d) => d.type === 'invoice.finalized');
  expect(new Set(webhooks.map((d) => d.msgId))).toEqual(new Set([`evt_invoice.finalized_${id}`]));
  expect(webhooks.length).toBeLessThanOrEqual(3);

  // The stored PDF (rendered by a worker that was then killed and replaced) is byte for byte
  // what an undisturbed rendering of the same invoice gives, and what the email carried.
  const stored = await loadDocument(database.db, id, 'pdf');
  const pool = createBrowserPool({ executablePath: '/usr/bin/chromium', size: 1 });
  try {
    const doc = await loadInvoiceDocument(database.db, TEST_ISSUER, id);
    const { pdf } = await renderDocumentFiles(
      { pdf: pool, publicBaseUrl: 'http://billing.test' },
      doc,
    );
    expect(stored?.content.equals(pdf)).toBe(true);
  } finally {
    await pool.close();
  }
  expect(
    fakes.resend.emails[0]?.attachments[0]?.content.equals(stored?.content ?? Buffer.alloc(0)),
  ).toBe(true);
}, 180_000);
