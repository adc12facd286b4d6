import { uniqueId } from '../fixtures/builders';
import { authHeaders, getJson, postJson } from '../support/http';
import { createCustomer, useApiStack } from '../support/api-stack';

// Tax categories through the API: a price's taxCategory, rates per category, the override.
const TASK_QUEUE = 'e2e-tax-categories';
const stack = useApiStack(TASK_QUEUE);

/** A French customer: tax rates are per customer, by category. */
const createFrenchCustomer = (): Promise<string> =>
  createCustomer(stack.api, {
    name: 'Acme Analytics SAS',
    email: 'ap@acme.example',
    timezone: 'Europe/Paris',
  });

interface ErrorBody {
  error?: { details?: { field: string }[] };
}

const put = (customerId: string, body: unknown) =>
  fetch(`${stack.api.url}/v1/customers/${customerId}/tax-rates`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as ErrorBody & Record<string, unknown>,
  }));

const fieldsOf = (body: ErrorBody): string[] =>
  (body.error?.details ?? []).map((detail) => detail.field);

test('a price declares its tax category; it is stored and read back (standard stays implicit)', async () => {
  const id = uniqueId('plan');
  const price = (priceId: string, taxCategory?: string) => ({
    id: priceId,
    meter: `meter.${priceId}`,
    ...(taxCategory === undefined ? {} : { taxCategory }),
    model: { type: 'counter', unitPrice: '0.01' },
  });
  const created = await postJson(`${stack.api.url}/v1/plans`, {
    id,
    name: 'Mixed VAT',
    currency: 'EUR',
    prices: [price('vm'), price('ebook', 'reduced'), price('course', 'exempt')],
  });
  expect(created.status).toEqual(201);
  const read = await getJson<{ prices: { id: string; taxCategory?: string }[] }>(
    `${stack.api.url}/v1/plans/${id}`,
  );
  expect(read.body.prices.map((p) => [p.id, p.taxCategory])).toEqual([
    ['vm', undefined],
    ['ebook', 'reduced'],
    ['course', 'exempt'],
  ]);
  const bad = await postJson(`${stack.api.url}/v1/plans`, {
    id: uniqueId('plan'),
    name: 'Bad',
    currency: 'EUR',
    prices: [price('vm', 'super_reduced')],
  });
  expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ['prices.0.taxCategory']]);
});

test('tax rates per category and the reverse-charge override are stored, read and replaced', async () => {
  const customerId = await createFrenchCustomer();
  const rates = [
    { id: 'vat-20', name: 'VAT 20%', percentage: '20', inclusive: false },
    { id: 'vat-5-5', name: 'VAT 5.5%', percentage: '5.5', inclusive: false, category: 'reduced' },
  ];
  expect(await put(customerId, { taxRates: rates, taxOverride: 'reverse_charge' })).toEqual({
    status: 200,
    body: { taxRates: rates, taxOverride: 'reverse_charge' },
  });
  expect((await getJson(`${stack.api.url}/v1/customers/${customerId}/tax-rates`)).body).toEqual({
    taxRates: rates,
    taxOverride: 'reverse_charge',
  });
  // The PUT replaces the whole setup: without taxOverride there is none.
  expect(await put(customerId, { taxRates: rates })).toEqual({
    status: 200,
    body: { taxRates: rates },
  });

  const zeroAt7 = await put(customerId, {
    taxRates: [{ id: 'z', name: 'Zero', percentage: '7', inclusive: false, category: 'zero' }],
  });
  expect([zeroAt7.status, fieldsOf(zeroAt7.body)]).toEqual([400, ['taxRates.0.percentage']]);
  const badOverride = await put(customerId, { taxRates: [], taxOverride: 'exempt' });
  expect([badOverride.status, fieldsOf(badOverride.body)]).toEqual([400, ['taxOverride']]);
});
