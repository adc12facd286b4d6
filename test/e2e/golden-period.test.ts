import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { authHeaders, getJson, postJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

const TASK_QUEUE = 'e2e-golden';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The whole pipeline on the real clock: a daily period anchored a few seconds ahead ends
 * during the test; its grace period is 2 s. Everything goes through REST.
 */
test('REST events to a finalized invoice with exact totals', async () => {
  const customerId = uniqueId('golden');
  const planId = uniqueId('plan');
  const periodEnd = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
  const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);

  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Golden',
      currency: 'EUR',
      prices: [
        {
          id: 'compute',
          meter: 'compute.container',
          groupBy: [],
          model: { type: 'run_time', unit: 'second', unitPrice: '0.001', minimumSeconds: 60 },
        },
        {
          id: 'storage',
          meter: 'storage.volume',
          groupBy: [],
          unitLabel: 'GB-hour',
          model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.01' },
        },
        {
          id: 'egress',
          meter: 'network.egress',
          groupBy: [],
          unitLabel: 'GB',
          model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
        },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Golden GmbH',
      email: 'ap@golden.example',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      billingSchedule: 'daily',
      billingAnchor: iso(periodEnd),
      gracePeriodSeconds: 2,
      paymentTermsDays: 14,
    }),
  );
  // A 0.05 coupon for one period and 0.10 of prepaid credit.
  const coupon = uniqueId('welcome');
  ok(
    await postJson(`${api.url}/v1/coupons`, {
      id: coupon,
      kind: 'fixed_amount',
      amount: '0.05',
      currency: 'EUR',
      duration: 'once',
    }),
  );
  ok(await postJson(`${api.url}/v1/customers/${customerId}/coupons`, { couponId: coupon }));
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/credit-grants`, {
      id: 'prepaid-1',
      amount: '0.10',
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

  const t0 = Date.now() - 60_000;
  const event = (
    id: string,
    type: string,
    at: number,
    resourceId: string,
    meter: string,
    quantity?: string,
  ) => ({
    id,
    customerId,
    type,
    timestamp: iso(at),
    resourceId,
    meter,
    ...(quantity ? { quantity } : {}),
  });
  const posted = await postJson(`${api.url}/v1/events`, {
    events: [
      // A 7-second container: billed 60 s (minimum) x 0.001 = 0.06.
      event('c-start', 'resource.started', t0, 'ctr-1', 'compute.container'),
      event('c-stop', 'resource.stopped', t0 + 7_000, 'ctr-1', 'compute.container'),
      // 100 GB for 36 s = 3600 GB-s = 1 GB-hour x 0.01 = 0.01.
      event('v-start', 'resource.started', t0, 'vol-1', 'storage.volume', '100'),
      event('v-stop', 'resource.stopped', t0 + 36_000, 'vol-1', 'storage.volume'),
      // 2.5 GB out x 0.09 = 0.225 -> 0.23.
      event('egress', 'usage.recorded', t0 + 1, 'lb-1', 'network.egress', '2500000000'),
    ],
  });
  expect(posted.status).toEqual(202);

  // The period ends, its draft appears, and 2 s later it is finalized: 0.06 + 0.01 + 0.23 = 0.30.
  const invoices = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoices`),
    (r) => r.body.invoices?.[0]?.status === 'open',
    40_000,
  );
  const [invoice] = invoices.body.invoices;
  // Coupon 0.05 off 0.30 leaves 0.25; VAT 19% on it, rounded once: 0.0475 -> 0.05;
  // total 0.30, of which the 0.10 credit pays a part: 0.20 due, net 14 days.
  expect([
    invoice.status,
    invoice.period.end,
    invoice.subtotal,
    invoice.totalDiscount,
    invoice.totalExcludingTax,
    invoice.totalTax,
    invoice.total,
    invoice.creditsApplied,
    invoice.amountDue,
    Date.parse(invoice.dueAt) - Date.parse(invoice.finalizedAt),
  ]).toEqual([
    'open',
    iso(periodEnd),
    '0.30',
    '0.05',
    '0.25',
    '0.05',
    '0.30',
    '0.10',
    '0.20',
    14 * 86_400_000,
  ]);
  expect(invoice.taxes).toEqual([
    {
      taxRateId: 'de-vat-19',
      name: 'VAT 19%',
      percentage: '19',
      inclusive: false,
      taxableAmount: '0.25',
      taxAmount: '0.05',
      category: 'standard',
    },
  ]);
  expect((await getJson(`${api.url}/v1/customers/${customerId}/credits`)).body.balance).toEqual(
    '0.00',
  );
  const coupons = await getJson(`${api.url}/v1/customers/${customerId}/coupons`);
  expect(coupons.body.coupons[0].periodsApplied).toEqual(1);
  expect(invoice.number).toMatch(/^INV-\d{4}-000001$/);
  expect(
    invoice.lines.map((l: { priceId: string; quantity: string; amount: string }) => [
      l.priceId,
      l.quantity,
      l.amount,
    ]),
  ).toEqual([
    ['compute', '60', '0.06'],
    ['egress', '2.5', '0.23'],
    ['storage', '1', '0.01'],
  ]);
}, 90_000);
