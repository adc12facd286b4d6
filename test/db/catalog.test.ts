import {
  loadPlan,
  loadPlanAt,
  loadPlansAfter,
  saveNewPlan,
} from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import {
  loadSubscription,
  loadSubscriptionAt,
  loadSubscriptions,
  loadSubscriptionsOverlapping,
  saveNewSubscription,
} from '../../db/repositories/subscriptions.repository';
import { aCustomer } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';

describe.each(databaseEngines)('catalog on %s', (_name, open) => {
  const handle = useEngine(open);

  const T = Date.UTC(2026, 10, 1, 0, 0, 0, 0);
  const DAY = 24 * 3600 * 1000;

  test('a plan and its prices come back exactly, as domain prices in their order', async () => {
    const plan = aPlan();
    expect(await saveNewPlan(handle.db, plan)).toEqual(plan);
    expect(await loadPlan(handle.db, plan.id)).toEqual(plan);
    expect(await loadPlan(handle.db, 'no-such-plan')).toEqual(null);
  });

  test('a plan is never overwritten, and a failed save keeps nothing', async () => {
    const plan = aPlan({ minimumCommitment: null });
    await saveNewPlan(handle.db, plan);
    await expect(saveNewPlan(handle.db, { ...plan, name: 'Other' })).rejects.toMatchObject({
      code: 'plan_exists',
    });
    expect(await loadPlan(handle.db, plan.id)).toEqual(plan);

    // The second price violates the (plan, price id) key: the plan row is rolled back too.
    const broken = aPlan();
    const [first] = broken.prices;
    await expect(saveNewPlan(handle.db, { ...broken, prices: [first!, first!] })).rejects.toThrow();
    expect(await loadPlan(handle.db, broken.id)).toEqual(null);
  });

  test('plans are listed by id with their prices', async () => {
    const b = aPlan({ id: 'list-b', prices: aPlan().prices.slice(2) });
    const a = aPlan({ id: 'list-a', prices: aPlan().prices.slice(0, 1) });
    await saveNewPlan(handle.db, b);
    await saveNewPlan(handle.db, a);
    const listed = (await loadPlansAfter(handle.db, { take: 1000 })).filter((plan) =>
      plan.id.startsWith('list-'),
    );
    expect(listed).toEqual([a, b]);
  });

  test('the subscription in effect at an instant and those overlapping a period', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const basic = await saveNewPlan(handle.db, aPlan());
    const pro = await saveNewPlan(handle.db, aPlan());
    const sub = (id: string, planId: string, effectiveFromMs: number) => ({
      id: `${customer.id}-${id}`,
      customerId: customer.id,
      planId,
      effectiveFromMs,
    });
    const s1 = sub('s1', basic.id, T - 10 * DAY);
    const s2 = sub('s2', pro.id, T + 15 * DAY + 123);
    const s3 = sub('s3', basic.id, T + 40 * DAY);
    for (const s of [s3, s1, s2]) expect(await saveNewSubscription(handle.db, s)).toEqual(s);

    expect(await loadSubscription(handle.db, s2.id)).toEqual(s2);
    expect(await loadSubscriptions(handle.db, customer.id)).toEqual([s1, s2, s3]);
    expect(await loadSubscriptionAt(handle.db, customer.id, T - 11 * DAY)).toEqual(null);
    expect(await loadSubscriptionAt(handle.db, customer.id, T - 10 * DAY)).toEqual(s1);
    expect(await loadSubscriptionAt(handle.db, customer.id, T + 15 * DAY + 122)).toEqual(s1);
    expect(await loadSubscriptionAt(handle.db, customer.id, T + 15 * DAY + 123)).toEqual(s2);
    // The plan in effect, with its prices, by the same rule in one statement.
    expect(await loadPlanAt(handle.db, customer.id, T - 11 * DAY)).toBeNull();
    expect(await loadPlanAt(handle.db, customer.id, T + 15 * DAY + 122)).toEqual(basic);
    expect(await loadPlanAt(handle.db, customer.id, T + 15 * DAY + 123)).toEqual(pro);
    expect(await loadPlanAt(handle.db, customer.id, T + 40 * DAY)).toEqual(basic);

    const november = { startMs: T, endMs: T + 30 * DAY };
    expect(await loadSubscriptionsOverlapping(handle.db, customer.id, november)).toEqual([s1, s2]);
    const december = { startMs: T + 30 * DAY, endMs: T + 61 * DAY };
    expect(await loadSubscriptionsOverlapping(handle.db, customer.id, december)).toEqual([s2, s3]);
    const starting = { startMs: T + 40 * DAY, endMs: T + 41 * DAY };
    expect(await loadSubscriptionsOverlapping(handle.db, customer.id, starting)).toEqual([s3]);
    const before = { startMs: T - 20 * DAY, endMs: T - 10 * DAY };
    expect(await loadSubscriptionsOverlapping(handle.db, customer.id, before)).toEqual([]);
  });

  test('a duplicate id or a second subscription at the same instant is not stored', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const plan = await saveNewPlan(handle.db, aPlan());
    const s = {
      id: `${customer.id}-s`,
      customerId: customer.id,
      planId: plan.id,
      effectiveFromMs: T,
    };
    await saveNewSubscription(handle.db, s);
    expect(await saveNewSubscription(handle.db, { ...s, effectiveFromMs: T + 1 })).toBeNull();
    expect(await saveNewSubscription(handle.db, { ...s, id: `${customer.id}-other` })).toBeNull();
    expect(await loadSubscriptions(handle.db, customer.id)).toEqual([s]);
  });
});
