import type { DatabaseHandle } from '../../db/client';
import { hashApiKey } from '../../adapters/api-key-crypto';
import { DEFAULT_BILLING_PROFILE, type Customer } from '../../domain/customer';
import type { Coupon } from '../../domain/invoice';
import type { Principal } from '../../domain/principal';
import { applyCoupon } from '../../services/apply-coupon';
import { authenticate } from '../../services/authenticate';
import { createCoupon } from '../../services/create-coupon';
import { createCustomer } from '../../services/create-customer';
import { createPlan } from '../../services/create-plan';
import { getCoupon } from '../../services/get-coupon';
import { getPlan } from '../../services/get-plan';
import { getTaxRates } from '../../services/get-tax-rates';
import { issueApiKey } from '../../services/issue-api-key';
import { listCustomerCouponsPage } from '../../services/list-customer-coupons';
import { listPlansPage } from '../../services/list-plans';
import { listSubscriptionsPage } from '../../services/list-subscriptions';
import { putTaxRates } from '../../services/put-tax-rates';
import { subscribe } from '../../services/subscribe';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines } from '../support/engines';
import { MAX_PAGE_LIMIT } from '../../domain/pagination';

const operator: Principal = { kind: 'operator' };
const T = Date.UTC(2026, 10, 1);

describe.each(databaseEngines)('catalog use cases on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  const started: string[] = [];
  const deps = () => ({
    db: handle.db,
    cycles: {
      start: (customer: Customer) => {
        started.push(customer.id);
        return Promise.resolve();
      },
    },
  });
  beforeAll(async () => {
    ({ handle, dispose } = await open());
  }, 60_000);
  afterAll(() => dispose());

  async function newCustomer(overrides: Partial<Customer> = {}): Promise<Customer> {
    const requested = { customer: aCustomer(overrides), profile: DEFAULT_BILLING_PROFILE };
    return (await createCustomer(deps(), requested)).customer;
  }

  test('createCustomer: created, replayed (cycle started each time), or a conflict', async () => {
    const requested = { customer: aCustomer(), profile: DEFAULT_BILLING_PROFILE };
    const id = requested.customer.id;
    expect(await createCustomer(deps(), requested)).toEqual({ ...requested, created: true });
    expect(await createCustomer(deps(), requested)).toEqual({ ...requested, created: false });
    await expect(
      createCustomer(deps(), { ...requested, customer: { ...requested.customer, name: 'Other' } }),
    ).rejects.toMatchObject({ code: 'customer_exists' });
    expect(started.filter((s) => s === id)).toEqual([id, id]);
  });

  test('createCustomer: two concurrent creates of one id store it once', async () => {
    const requested = { customer: aCustomer(), profile: DEFAULT_BILLING_PROFILE };
    const results = await Promise.all([
      createCustomer(deps(), requested),
      createCustomer(deps(), requested),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
  });

  test('createPlan: created, replayed whatever the key order of its prices, or a conflict', async () => {
    const plan = aPlan();
    expect(await createPlan(deps(), plan)).toEqual({ plan, created: true });
    // The same plan built with its keys in another order (as jsonb returns them) is a replay.
    const reversed = <T extends object>(value: T): T =>
      Object.fromEntries(Object.entries(value).reverse()) as T;
    const reordered = reversed({
      ...plan,
      prices: plan.prices.map((price) => reversed({ ...price, model: reversed(price.model) })),
    });
    expect(await createPlan(deps(), reordered)).toEqual({ plan, created: false });
    await expect(createPlan(deps(), { ...plan, name: 'Other' })).rejects.toMatchObject({
      code: 'plan_exists',
      details: [{ field: 'id', message: 'already exists' }],
    });
    expect(await getPlan(handle.db, plan.id)).toEqual(plan);
    expect(
      (await listPlansPage(handle.db, { limit: MAX_PAGE_LIMIT })).items.filter(
        (p) => p.id === plan.id,
      ),
    ).toEqual([plan]);
    await expect(getPlan(handle.db, 'a\u0000b')).rejects.toMatchObject({ code: 'plan_not_found' });
  });

  test('createPlan: two concurrent creates of one id store it once', async () => {
    const plan = aPlan();
    const results = await Promise.all([createPlan(deps(), plan), createPlan(deps(), plan)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
  });

  test('subscribe: created, replayed, refused in the domain order', async () => {
    const customer = await newCustomer();
    const plan = (await createPlan(deps(), aPlan())).plan;
    const usd = (await createPlan(deps(), aPlan({ currency: 'USD', minimumCommitment: null })))
      .plan;
    const requested = { id: uniqueId('sub'), planId: plan.id, effectiveFromMs: T };
    const stored = { ...requested, customerId: customer.id };
    const run = (r: typeof requested, principal: Principal = operator, id = customer.id) =>
      subscribe(deps(), principal, id, r);
    expect(await run(requested)).toEqual({ subscription: stored, created: true });
    expect(await run(requested)).toEqual({ subscription: stored, created: false });
    const codes = async (r: typeof requested, principal?: Principal, id?: string) =>
      run(r, principal, id).then(
        () => 'ok',
        (error: unknown) => (error as { code: string }).code,
      );
    expect(await codes({ ...requested, effectiveFromMs: T + 1 })).toEqual('subscription_exists');
    expect(await codes({ ...requested, id: uniqueId('sub') })).toEqual('subscription_conflict');
    expect(await codes({ ...requested, id: uniqueId('sub'), planId: 'nope' })).toEqual(
      'plan_not_found',
    );
    expect(await codes({ ...requested, id: uniqueId('sub'), planId: usd.id })).toEqual(
      'currency_mismatch',
    );
    expect(await codes(requested, operator, 'a\u0000b')).toEqual('customer_not_found');
    const other: Principal = { kind: 'customer', customerId: 'someone-else' };
    expect(await codes(requested, other)).toEqual('customer_not_found');
    expect(
      await listSubscriptionsPage(handle.db, operator, customer.id, { limit: MAX_PAGE_LIMIT }),
    ).toEqual({ items: [stored], nextCursor: null });
  });

  test('tax rates are replaced whole and read back in order', async () => {
    const customer = await newCustomer();
    const rates = [
      { id: 'vat', name: 'VAT 20%', percentage: '20', inclusive: false },
      { id: 'city', name: 'City', percentage: '1.5', inclusive: false },
    ];
    expect(await putTaxRates(deps(), operator, customer.id, rates)).toEqual({ taxRates: rates });
    expect(await putTaxRates(deps(), operator, customer.id, [rates[1]!])).toEqual({
      taxRates: [rates[1]],
    });
    const self: Principal = { kind: 'customer', customerId: customer.id };
    expect(await getTaxRates(handle.db, self, customer.id)).toEqual({ taxRates: [rates[1]] });
    await expect(
      getTaxRates(handle.db, { kind: 'customer', customerId: 'x' }, customer.id),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
  });

  test('coupons: created, replayed, conflicting; applied once; in the customer currency', async () => {
    const customer = await newCustomer();
    const coupon: Coupon = {
      id: uniqueId('ten'),
      kind: 'percentage',
      percentage: '10',
      duration: 'once',
    };
    expect(await createCoupon(deps(), coupon)).toEqual({ coupon, created: true });
    expect(await createCoupon(deps(), coupon)).toEqual({ coupon, created: false });
    await expect(createCoupon(deps(), { ...coupon, percentage: '20' })).rejects.toMatchObject({
      code: 'coupon_exists',
    });
    expect(await getCoupon(handle.db, coupon.id)).toEqual(coupon);
    const usd: Coupon = {
      id: uniqueId('five'),
      kind: 'fixed_amount',
      amount: '5.00',
      currency: 'USD',
      duration: 'repeating',
      durationPeriods: 3,
    };
    expect((await createCoupon(deps(), usd)).coupon).toEqual(usd);

    const applied = [{ coupon, periodsApplied: 0 }];
    expect(await applyCoupon(deps(), operator, customer.id, coupon.id)).toEqual({
      coupons: applied,
      created: true,
    });
    expect(await applyCoupon(deps(), operator, customer.id, coupon.id)).toEqual({
      coupons: applied,
      created: false,
    });
    await expect(applyCoupon(deps(), operator, customer.id, usd.id)).rejects.toMatchObject({
      code: 'currency_mismatch',
    });
    await expect(applyCoupon(deps(), operator, customer.id, 'nope')).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ field: 'couponId', message: 'no such coupon' }],
    });
    expect(
      await listCustomerCouponsPage(handle.db, operator, customer.id, { limit: MAX_PAGE_LIMIT }),
    ).toEqual({ items: applied, nextCursor: null });
  });

  test('an issued key authenticates as its principal, by its hash only', async () => {
    const customer = await newCustomer();
    const issued = await issueApiKey(deps(), operator, {
      kind: 'customer',
      customerId: customer.id,
    });
    expect(issued.principal).toEqual({ kind: 'customer', customerId: customer.id });
    const auth = { db: handle.db, bootstrapApiKey: 'bootstrap-key-0123456789' };
    expect(await authenticate(auth, issued.key)).toEqual(issued.principal);
    // Stored by its hash only: the hash is not a key.
    expect(await authenticate(auth, hashApiKey(issued.key))).toBeNull();
    expect(await authenticate(auth, 'bootstrap-key-0123456789')).toEqual({ kind: 'operator' });
    expect(await authenticate({ db: handle.db }, 'bootstrap-key-0123456789')).toBeNull();
    const op = await issueApiKey(deps(), operator, { kind: 'operator' });
    expect(await authenticate(auth, op.key)).toEqual({ kind: 'operator' });
    await expect(
      issueApiKey(deps(), operator, { kind: 'customer', customerId: 'nobody' }),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
  });
});
