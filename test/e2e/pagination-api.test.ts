import { uniqueId } from '../fixtures/builders';
import { getJson, postJson } from '../support/http';
import { createCustomer, useApiStack } from '../support/api-stack';

// No worker: creating a customer only starts its workflow, and nothing here waits on it.
const TASK_QUEUE = 'e2e-pagination';
const stack = useApiStack(TASK_QUEUE);

/** GETs `path` page by page (limit `limit`) until nextCursor is null; the items of each page. */
async function walk(path: string, field: string, limit: number): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) query.set('cursor', cursor);
    const { status, body } = await getJson(`${stack.api.url}${path}?${query.toString()}`);
    expect(status).toEqual(200);
    expect(Object.keys(body)).toContain('nextCursor');
    pages.push(body[field] as unknown[]);
    cursor = body.nextCursor as string | null;
    expect(pages.length).toBeLessThan(50);
  } while (cursor !== null);
  return pages;
}

const couponBody = (id: string) => ({
  id,
  kind: 'percentage',
  percentage: '10',
  duration: 'forever',
});

test('walking every page of a list sees each item once, in order, and ends on nextCursor null', async () => {
  // The database is this file's own: the coupons listed are these seven.
  const ids = Array.from({ length: 7 }, () => uniqueId('cpn'));
  for (const id of [...ids].reverse()) {
    expect((await postJson(`${stack.api.url}/v1/coupons`, couponBody(id))).status).toEqual(201);
  }
  const pages = await walk('/v1/coupons', 'coupons', 3);
  const seen = pages.map((page) => page.map((coupon) => (coupon as { id: string }).id));
  // 7 by 3: 3 + 3 + 1, by id.
  expect(seen.map((page) => page.length)).toEqual([3, 3, 1]);
  expect(seen.flat()).toEqual([...ids].sort());
  // Without parameters: the first 50, which here is all, and no next page.
  const all = await getJson(`${stack.api.url}/v1/coupons`);
  expect([all.body.coupons.length, all.body.nextCursor]).toEqual([7, null]);
  // A page size that divides the list ends on a full page with nextCursor null.
  expect((await walk('/v1/coupons', 'coupons', 7)).map((page) => page.length)).toEqual([7]);
});

test("a customer's credit ledger pages while the balance stays whole", async () => {
  const customerId = await createCustomer(stack.api);
  // Grants of 1.00 .. 5.00: a balance of 15.00.
  for (const n of [1, 2, 3, 4, 5]) {
    const grant = await postJson(`${stack.api.url}/v1/customers/${customerId}/credit-grants`, {
      id: `grant-${n}`,
      amount: `${n}.00`,
    });
    expect(grant.status).toEqual(201);
  }
  const path = `/v1/customers/${customerId}/credits`;
  const first = await getJson(`${stack.api.url}${path}?limit=2`);
  expect([first.body.balance, first.body.entries.length]).toEqual(['15.00', 2]);
  const pages = await walk(path, 'entries', 2);
  const references = pages.map((page) =>
    page.map((entry) => (entry as { reference: string }).reference),
  );
  expect(references.map((page) => page.length)).toEqual([2, 2, 1]);
  // Oldest first: granted one after the other (a tie in the millisecond goes by reference).
  expect(references.flat()).toEqual(['grant-1', 'grant-2', 'grant-3', 'grant-4', 'grant-5']);
});

test('a cursor that is not a nextCursor of the list is a 400 naming cursor', async () => {
  const page = await getJson(`${stack.api.url}/v1/coupons?limit=1`);
  const cursor = page.body.nextCursor as string;
  expect(cursor).toEqual(expect.any(String));
  for (const bad of [
    'not-a-cursor',
    'a%20b',
    Buffer.from('{"id":1}').toString('base64url'),
    Buffer.from('[1767225600000,"x"]').toString('base64url'),
  ]) {
    const response = await getJson(`${stack.api.url}/v1/coupons?cursor=${bad}`);
    expect([response.status, response.body.error.code]).toEqual([400, 'invalid_request']);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
  }
  // The coupon list's cursor on the plan list: the same shape (an id), so it pages from there.
  expect((await getJson(`${stack.api.url}/v1/plans?cursor=${cursor}`)).status).toEqual(200);
});

test.each([
  ['0', 400],
  ['201', 400],
  ['-1', 400],
  ['05', 400],
  ['1.5', 400],
  ['abc', 400],
  ['', 400],
  ['1', 200],
  ['200', 200],
])('limit=%s answers %i', async (limit, status) => {
  const response = await getJson(`${stack.api.url}/v1/webhook-endpoints?limit=${limit}`);
  expect(response.status).toEqual(status);
  if (status === 400) {
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(['limit']);
  } else {
    expect(response.body).toEqual({ endpoints: [], nextCursor: null });
  }
});
