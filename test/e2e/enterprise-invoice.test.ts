import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { pdfText } from '../support/pdf-text';
import { authHeaders, getJson, postJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

const TASK_QUEUE = 'e2e-enterprise';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE, { delivery: true });
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();
const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);

/**
 * One central invoice for an account with two projects, on the real stack through REST: a
 * daily period anchored a few seconds ahead ends during the test (grace 2 s). Egress is
 * priced graduated on the organization's total: up to 100 GB at 0.10, above at 0.05.
 *   web 80 GB + data 60 GB + the account's own 10 GB = 150 GB
 *   = 100 x 0.10 + 50 x 0.05 = 12.50 (alone: 8.00 + 6.00 + 1.00 = 15.00)
 *   by units: web 80/150 x 12.50 = 6.6666..., data 5.00, account 0.8333...
 *   -> 666.67 / 500 / 83.33 cents -> floors 666 + 500 + 83 = 1249, the last cent to web (.67)
 *   -> account 0.83, data 5.00, web 6.67; sum 12.50.
 */
test('a central invoice with exact per-project sections, documents grouped by project', async () => {
  const customerId = uniqueId('ent');
  const planId = uniqueId('plan');
  const periodEnd = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Enterprise',
      currency: 'EUR',
      prices: [
        {
          id: 'egress',
          meter: 'network.egress',
          unitLabel: 'GB',
          model: {
            type: 'graduated',
            measure: 'quantity',
            tiers: [
              { upTo: '100', unitPrice: '0.10' },
              { upTo: null, unitPrice: '0.05' },
            ],
          },
        },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Enterprise GmbH',
      email: 'ap@enterprise.example',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      billingSchedule: 'daily',
      billingAnchor: iso(periodEnd),
      gracePeriodSeconds: 2,
      address: { lines: ['Friedrichstr. 1', '10117 Berlin'], countryCode: 'DE' },
      vatId: 'DE123456789',
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  const vat = { id: 'de-vat-19', name: 'VAT 19%', percentage: '19', inclusive: false };
  const taxed = await fetch(`${api.url}/v1/customers/${customerId}/tax-rates`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ taxRates: [vat] }),
  });
  expect(taxed.status).toEqual(200);
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/projects`, {
      id: 'web',
      name: 'Web shop',
      costCenter: 'CC-4711',
      purchaseOrderReference: 'PO-7',
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/projects`, { id: 'data', name: 'Data' }),
  );

  const at = Date.now() - 30_000;
  const egress = (id: string, quantity: string, projectId?: string) => ({
    id,
    customerId,
    type: 'usage.recorded',
    timestamp: iso(at),
    resourceId: `bucket-${id}`,
    meter: 'network.egress',
    quantity,
    ...(projectId === undefined ? {} : { projectId }),
  });
  const posted = await postJson(`${api.url}/v1/events`, {
    events: [egress('web', '80', 'web'), egress('data', '60', 'data'), egress('own', '10')],
  });
  expect(posted.status).toEqual(202);

  const listed = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoices`),
    (r) => r.body.invoices?.[0]?.status === 'open',
    40_000,
  );
  const invoiceId = listed.body.invoices[0].id as string;
  const { body: invoice } = await getJson(`${api.url}/v1/invoices/${invoiceId}`);
  expect(invoice.subtotal).toEqual('12.50');
  expect(invoice.projects).toEqual([
    { projectId: null, name: null, subtotal: '0.83' },
    { projectId: 'data', name: 'Data', subtotal: '5.00' },
    { projectId: 'web', name: 'Web shop', subtotal: '6.67' },
  ]);
  expect(
    invoice.lines.map((l: { lineId: string; projectId: string | null; amount: string }) => [
      l.lineId,
      l.projectId,
      l.amount,
    ]),
  ).toEqual([
    ['egress:[]', null, '0.83'],
    ['egress:[]#data', 'data', '5.00'],
    ['egress:[]#web', 'web', '6.67'],
  ]);
  // VAT once on the sum of the lines: 12.50 x 0.19 = 2.375 -> 2.38.
  expect([invoice.totalTax, invoice.total]).toEqual(['2.38', '14.88']);

  const html = await eventually(
    () =>
      fetch(`${api.url}/v1/invoices/${invoiceId}/html`, { headers: authHeaders() }).then(
        async (r) => ({ status: r.status, text: await r.text() }),
      ),
    (r) => r.status === 200,
    30_000,
  );
  const text = html.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain('Project Web shop (web) · Cost center CC-4711 · PO PO-7');
  expect(text).toContain('Subtotal Data');
  // The PDF (Chromium, from the same HTML) prints the sections too.
  const pdf = await fetch(`${api.url}/v1/invoices/${invoiceId}/pdf`, { headers: authHeaders() });
  const printed = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
  expect(printed).toContain('Project Web shop (web)');
  expect(printed.indexOf('Subtotal Data')).toBeLessThan(printed.indexOf('Project Web shop (web)'));
  const ubl = await fetch(`${api.url}/v1/invoices/${invoiceId}/ubl`, { headers: authHeaders() });
  const xml = (await ubl.text()).replace(/>\s+</g, '><');
  expect(xml).toContain('<cac:OrderReference><cbc:ID>PO-7</cbc:ID></cac:OrderReference>');
  expect(xml).toContain('<cbc:AccountingCost>CC-4711</cbc:AccountingCost>');
}, 120_000);
