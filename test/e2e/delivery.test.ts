import { authHeaders, getJson, postJson } from '../support/http';
import { eventually } from '../support/eventually';
import { startWebhookReceiver, type WebhookReceiver } from '../support/fakes/webhook-receiver';
import { aCustomerWithDraft } from '../support/invoice-fixtures';
import { pdfText } from '../support/pdf-text';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let receiver: WebhookReceiver;
// The receiver verifies with the secret the engine generates when the endpoint is created.
const receiverOptions = { secret: 'whsec_AAAA' };

beforeAll(async () => {
  [stack, receiver] = await Promise.all([
    startTestStack('e2e-delivery', { delivery: true }),
    startWebhookReceiver(receiverOptions),
  ]);
  const created = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'finance-hook',
    url: receiver.url,
  });
  expect([created.status, created.body.secret]).toEqual([201, expect.stringMatching(/^whsec_/)]);
  receiverOptions.secret = created.body.secret as string;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** A synchronous read of the fakes' state, polled by eventually(). */
const polled =
  <T>(read: () => T) =>
  (): Promise<T> =>
    Promise.resolve(read());

const fakes = () => {
  if (!stack.fakes) throw new Error('stack started without delivery');
  return stack.fakes;
};

async function binary(path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const response = await fetch(`${stack.api.url}${path}`, {
    headers: authHeaders(),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

test('a finalized invoice is rendered, emailed, signed to webhooks and pushed to the ERP, each once', async () => {
  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  expect((await binary(`/v1/invoices/${draft.invoiceId}/pdf`)).status).toEqual(404);
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  const number = finalized.body.number as string;
  const eventId = `evt_invoice.finalized_${draft.invoiceId}`;

  const delivered = await eventually(
    polled(() => ({
      emails: fakes().resend.emails.filter((e) => e.subject.includes(number)).length,
      erp: fakes().erp.invoices.has(number),
      hooks: receiver.acceptedCount(eventId),
    })),
    (seen) => seen.emails === 1 && seen.erp && seen.hooks === 1,
    60_000,
  );
  expect(delivered).toEqual({ emails: 1, erp: true, hooks: 1 });

  const pdf = await binary(`/v1/invoices/${draft.invoiceId}/pdf`);
  expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
  const email = fakes().resend.emails.find((e) => e.subject.includes(number));
  expect(email?.to).toEqual(['ap@acme.example']);
  expect(email?.attachments.map((a) => a.filename)).toEqual([`${number}.pdf`]);
  expect(email?.attachments[0]?.content.equals(pdf.body)).toBe(true);
  expect(email?.idempotencyKey).toEqual(`invoice-email/${draft.invoiceId}`);

  const text = await pdfText(pdf.body);
  for (const expected of [number, 'Acme Analytics GmbH', 'Cloudy Compute GmbH', 'vm-1', 'vm-2']) {
    expect(text).toContain(expected);
  }
  // de-DE: 5,41 net, VAT 19% 1,03, total 6,44 €.
  expect(finalized.body.total).toEqual('6.44');
  expect(text).toMatch(/6,44\s€/);

  const ubl = await binary(`/v1/invoices/${draft.invoiceId}/ubl`);
  expect(ubl.body.toString()).toContain(`<cbc:ID>${number}</cbc:ID>`);
  expect(fakes().erp.invoices.get(number)?.ublXml).toEqual(ubl.body.toString());
  expect(fakes().erp.writes.get(number)).toEqual(1);

  const [hook] = receiver.deliveries.filter((d) => d.msgId === eventId);
  expect(hook?.type).toEqual('invoice.finalized');
  expect(hook?.payload).toMatchObject({
    invoiceId: draft.invoiceId,
    number,
    customerId: expect.any(String),
  });
  const log = await getJson(`${stack.api.url}/v1/webhook-endpoints/finance-hook/deliveries`);
  expect(log.body.deliveries.find((d: { eventId: string }) => d.eventId === eventId)).toMatchObject(
    {
      eventType: 'invoice.finalized',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 204,
    },
  );
  const invoice = await getJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}`);
  expect(invoice.body.delivery.email).toMatchObject({
    status: 'sent',
    recipient: 'ap@acme.example',
  });
}, 90_000);

test('the email provider failing for a while: the email goes out once it recovers, once', async () => {
  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  const before = fakes().resend.requests;
  fakes().resend.failNext(2, 503, { name: 'application_error', message: 'down', statusCode: 503 });
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  const number = finalized.body.number as string;
  const emails = await eventually(
    polled(() => fakes().resend.emails.filter((e) => e.subject.includes(number)).length),
    (count) => count === 1,
    60_000,
  );
  expect(emails).toEqual(1);
  expect(fakes().resend.requests - before).toEqual(3);
  // The fake has the email as soon as Resend "answers"; the worker records it just after.
  const invoice = await eventually(
    () => getJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}`),
    (answer) => answer.body.delivery.email !== null,
  );
  expect(invoice.body.delivery.email.status).toEqual('sent');
}, 90_000);

test('a refused email marks the delivery failed with the reason; webhooks and the ERP still go', async () => {
  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  fakes().resend.failNext(1, 422, {
    name: 'validation_error',
    message: 'Invalid `to` field.',
    statusCode: 422,
  });
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  const number = finalized.body.number as string;
  const invoice = await eventually(
    () => getJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}`),
    (r) => r.body.delivery?.email?.status === 'delivery_failed',
    60_000,
  );
  expect(invoice.body.delivery.email.reason).toContain('Invalid `to` field.');
  const synced = await eventually(
    polled(() => fakes().erp.invoices.has(number)),
    (done) => done,
    30_000,
  );
  expect(synced).toBe(true);
  expect(receiver.acceptedCount(`evt_invoice.finalized_${draft.invoiceId}`)).toEqual(1);
  expect(fakes().resend.emails.filter((e) => e.subject.includes(number))).toEqual([]);
}, 90_000);

test('payment and credit note reach webhooks and the ERP; a void reaches webhooks', async () => {
  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  const id = draft.invoiceId;
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${id}/finalize`, {});
  const number = finalized.body.number as string;
  await postJson(`${stack.api.url}/v1/invoices/${id}/payments`, {
    reference: 'sepa-1',
    amount: '1.44',
  });
  const note = await postJson(`${stack.api.url}/v1/invoices/${id}/credit-notes`, {
    id: `cn-${id}`,
    reason: 'Outage credit',
  });
  expect(note.status).toEqual(201);
  const voided = await aCustomerWithDraft(stack.api.url, stack.database.db);
  await postJson(`${stack.api.url}/v1/invoices/${voided.draft.invoiceId}/finalize`, {});
  await postJson(`${stack.api.url}/v1/invoices/${voided.draft.invoiceId}/void`, {});
  const seen = await eventually(
    polled(() => ({
      voided: receiver.acceptedCount(`evt_invoice.voided_${voided.draft.invoiceId}`),
      payment: fakes().erp.payments.has(`${number}/sepa-1`),
      note: fakes().erp.creditNotes.has(note.body.number as string),
      hook: receiver.acceptedCount(`evt_credit_note.created_cn-${id}`),
      paid: receiver.acceptedCount(`evt_invoice.paid_${id}`),
    })),
    (now) => now.voided === 1 && now.payment && now.note && now.hook === 1 && now.paid === 1,
    60_000,
  );
  // The credit note settles the rest of the invoice: it is paid by it.
  expect(seen).toEqual({ voided: 1, payment: true, note: true, hook: 1, paid: 1 });
  const notePdf = await binary(`/v1/credit-notes/cn-${id}/pdf`);
  expect(notePdf.status).toEqual(200);
  const text = await pdfText(notePdf.body);
  expect(text).toContain(note.body.number as string);
  expect(text).toContain(number);
  expect(fakes().erp.creditNotes.get(note.body.number as string)?.ublXml).toContain('<CreditNote');
}, 90_000);

test('accounting exports: CSV of the invoices and their lines issued in a range', async () => {
  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  const number = finalized.body.number as string;
  const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
  const invoices = await binary(`/v1/exports/invoices.csv?${range}`);
  expect([invoices.status, invoices.type]).toEqual([200, 'text/csv; charset=utf-8']);
  const rows = invoices.body.toString().split('\r\n');
  expect(rows[0]).toMatch(/^number,/);
  expect(rows.find((row) => row.startsWith(`${number},`))).toContain(',6.44,');
  const lines = await binary(`/v1/exports/invoice-lines.csv?${range}`);
  expect(
    lines.body
      .toString()
      .split('\r\n')
      .filter((row) => row.startsWith(`${number},`)),
  ).toHaveLength(1);
  const refused = await getJson(
    `${stack.api.url}/v1/exports/invoices.csv?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
  );
  expect([refused.status, refused.body.error.details[0].field]).toEqual([400, 'to']);
  // An error answer is JSON, with a JSON content type, even from a CSV endpoint.
  const bad = await binary(
    `/v1/exports/invoice-lines.csv?from=yesterday&to=${new Date().toISOString()}`,
  );
  expect([bad.status, bad.type]).toEqual([400, 'application/json; charset=utf-8']);
  expect(JSON.parse(bad.body.toString())).toEqual({
    error: {
      code: 'invalid_request',
      message: 'the export range is invalid',
      details: [{ field: 'from', message: 'must be an RFC 3339 timestamp with offset' }],
      requestId: expect.any(String),
    },
  });
});

test('a webhook endpoint needs an http(s) URL and known event types; nothing of a refusal is kept', async () => {
  for (const [body, field] of [
    [{ id: 'bad-1', url: 'ftp://example.com/hook' }, 'url'],
    [
      { id: 'bad-2', url: 'https://example.com/hook', eventTypes: ['invoice.eaten'] },
      'eventTypes.0',
    ],
  ] as const) {
    const response = await postJson(`${stack.api.url}/v1/webhook-endpoints`, body);
    expect([response.status, response.body.error.details[0].field]).toEqual([400, field]);
  }
  const listed = await getJson(`${stack.api.url}/v1/webhook-endpoints`);
  expect(listed.body.endpoints.map((e: { id: string }) => e.id)).toEqual(['finance-hook']);
  expect(listed.body.endpoints[0].secret).toBeUndefined();
  const again = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'finance-hook',
    url: receiver.url,
  });
  expect([again.status, again.body.secret]).toEqual([200, undefined]);
  // A secret of the caller's own is kept as given (and never shown back).
  const own = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const mine = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'own-secret',
    url: 'https://example.com/hook',
    eventTypes: ['invoice.paid'],
    secret: own,
  });
  expect([mine.status, mine.body.secret, mine.body.eventTypes]).toEqual([
    201,
    own,
    ['invoice.paid'],
  ]);
  const conflict = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'own-secret',
    url: 'https://example.com/other',
  });
  expect(conflict.status).toEqual(409);
});
