import { eventually } from '../support/eventually';
import { postJson } from '../support/http';
import { aCustomerWithDraft } from '../support/invoice-fixtures';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('e2e-portal-invoice-link', { delivery: true });
}, 120_000);

afterAll(() => stack?.stop());

test("the invoice email's View invoice link opens that invoice in the portal, no key needed", async () => {
  const { customerId, draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect(finalized.status).toEqual(200);
  const number = finalized.body.number as string;
  const emails = await eventually(
    () => Promise.resolve(stack.fakes!.resend.emails.filter((e) => e.subject.includes(number))),
    (found) => found.length === 1,
    60_000,
  );
  expect(emails).toHaveLength(1);
  const { text, html } = emails[0]!;
  // The same link in the text and in the HTML button.
  const link = /View invoice (\S+)/.exec(text ?? '')?.[1];
  // PUBLIC_BASE_URL of the delivery stack.
  expect(link).toMatch(/^http:\/\/billing\.test\/portal\/login\?token=v1\.[\w-]+\.[\w-]+$/);
  expect(html).toContain(link!.replaceAll('&', '&amp;'));

  // Opened in a browser that has no key: the session cookie, then the invoice's portal page.
  const { pathname, search } = new URL(link!);
  const opened = await fetch(`${stack.api.url}${pathname}${search}`, { redirect: 'manual' });
  expect([opened.status, opened.headers.get('location')]).toEqual([
    303,
    `/portal/invoices/${draft.invoiceId}`,
  ]);
  const cookie = opened.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const invoice = await fetch(`${stack.api.url}/v1/invoices/${draft.invoiceId}`, {
    headers: { cookie },
  });
  expect(invoice.status).toEqual(200);
  expect(((await invoice.json()) as { customerId: string }).customerId).toEqual(customerId);
  const pdf = await fetch(`${stack.api.url}/v1/invoices/${draft.invoiceId}/pdf`, {
    headers: { cookie },
  });
  expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
});
