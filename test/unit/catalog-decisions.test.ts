import { principalOfKey, storedKeyOf } from '../../domain/api-key';
import { canonical } from '../../domain/canonical-json';
import { activeCoupons, checkCouponApplies, decideCouponCreate } from '../../domain/catalog/coupon';
import { decidePlanCreate, type Plan } from '../../domain/catalog/plan';
import {
  decideSubscribe,
  type SubscribeState,
  type Subscription,
} from '../../domain/catalog/subscription';
import type { Customer } from '../../domain/customer';
import type { Coupon } from '../../domain/invoice';

const customer: Customer = {
  id: 'acme',
  name: 'Acme',
  email: 'billing@acme.example',
  currency: 'EUR',
  timezone: 'UTC',
  billingSchedule: 'monthly',
  billingAnchorMs: null,
  gracePeriodSeconds: 0,
};

const plan: Plan = {
  id: 'basic',
  name: 'Basic',
  currency: 'EUR',
  minimumCommitment: null,
  prices: [
    {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: { region: 'eu', tier: 'a' },
      model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000' },
    },
  ],
};

describe('canonical', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(
      JSON.stringify(canonical({ b: 1, a: [{ d: 2, c: undefined, b: { z: 1, y: 2 } }] })),
    ).toEqual('{"a":[{"b":{"y":2,"z":1},"d":2}],"b":1}');
  });
});

describe('decidePlanCreate', () => {
  const jsonbOrder: Plan = {
    prices: [
      {
        model: { unitDivisor: '1000', unitPrice: '0.01', type: 'counter' },
        meter: 'network.egress',
        id: 'egress',
        dimensionsFilter: { tier: 'a', region: 'eu' },
      },
    ],
    minimumCommitment: null,
    name: 'Basic',
    id: 'basic',
    currency: 'EUR',
  };
  it.each<[string, Plan | null, Plan, string]>([
    ['a new id', null, plan, 'create'],
    ['the same plan', plan, plan, 'replay'],
    ['the same plan with its keys in another order', jsonbOrder, plan, 'replay'],
    ['another name', plan, { ...plan, name: 'Other' }, 'conflict'],
    ['a commitment added', plan, { ...plan, minimumCommitment: '10.00' }, 'conflict'],
    [
      'another unit price',
      plan,
      {
        ...plan,
        prices: [{ ...plan.prices[0]!, model: { type: 'counter', unitPrice: '0.02' } }],
      },
      'conflict',
    ],
  ])('%s: %#', (_name, existing, requested, decision) => {
    expect(decidePlanCreate(existing, requested)).toEqual(decision);
  });
});

describe('decideSubscribe', () => {
  const T = Date.UTC(2026, 10, 1);
  const requested: Subscription = {
    id: 'sub-1',
    customerId: 'acme',
    planId: 'basic',
    effectiveFromMs: T,
  };
  const state = (overrides: Partial<SubscribeState> = {}): SubscribeState => ({
    customer,
    existing: null,
    subscriptions: [],
    plan,
    ...overrides,
  });
  const outcome = (s: SubscribeState, r: Subscription = requested) => {
    try {
      return decideSubscribe(s, r);
    } catch (error) {
      const { code, message, details } = error as {
        code: string;
        message: string;
        details: unknown;
      };
      return { code, message, details };
    }
  };
  const usdPlan = { ...plan, id: 'usd', currency: 'USD' };
  const other: Subscription = { ...requested, id: 'sub-0', planId: 'old' };

  it.each<[string, SubscribeState, Subscription, unknown]>([
    ['a new subscription', state(), requested, { kind: 'create', subscription: requested }],
    [
      'one before it at another instant',
      state({ subscriptions: [{ ...other, effectiveFromMs: T - 1 }] }),
      requested,
      { kind: 'create', subscription: requested },
    ],
    [
      'the same again',
      state({ existing: requested, subscriptions: [requested] }),
      requested,
      { kind: 'replay', subscription: requested },
    ],
    [
      'the same id, another instant',
      state({ existing: requested }),
      { ...requested, effectiveFromMs: T + 1 },
      {
        code: 'subscription_exists',
        message: 'subscription sub-1 already exists with other fields',
        details: [{ field: 'id', message: 'already exists' }],
      },
    ],
    [
      'the same id, another plan (checked before the plan exists)',
      state({ existing: requested, plan: null }),
      { ...requested, planId: 'pro' },
      expect.objectContaining({ code: 'subscription_exists' }),
    ],
    [
      'an unknown plan',
      state({ plan: null }),
      requested,
      {
        code: 'plan_not_found',
        message: 'no plan basic',
        details: [{ field: 'planId', message: 'no such plan' }],
      },
    ],
    [
      'a plan in another currency',
      state({ plan: usdPlan }),
      { ...requested, planId: 'usd' },
      {
        code: 'currency_mismatch',
        message: 'plan usd is in USD, customer acme is billed in EUR',
        details: [{ field: 'planId', message: 'must be a plan in EUR' }],
      },
    ],
    [
      'another subscription at the same instant',
      state({ subscriptions: [other] }),
      requested,
      {
        code: 'subscription_conflict',
        message: 'customer acme already has a subscription starting at 2026-11-01T00:00:00.000Z',
        details: [
          { field: 'effectiveFrom', message: 'another subscription starts at this instant' },
        ],
      },
    ],
  ])('%s', (_name, s, r, expected) => {
    expect(outcome(s, r)).toEqual(expected);
  });
});

describe('coupons', () => {
  const percent: Coupon = { id: 'ten', kind: 'percentage', percentage: '10', duration: 'once' };
  const fixed: Coupon = {
    id: 'five',
    kind: 'fixed_amount',
    amount: '5.00',
    currency: 'USD',
    duration: 'repeating',
    durationPeriods: 3,
  };

  it.each<[string, Coupon | null, Coupon, string]>([
    ['a new id', null, percent, 'create'],
    [
      'the same terms',
      percent,
      { duration: 'once', percentage: '10', kind: 'percentage', id: 'ten' },
      'replay',
    ],
    ['another percentage', percent, { ...percent, percentage: '20' }, 'conflict'],
    ['another duration', fixed, { ...fixed, durationPeriods: 4 }, 'conflict'],
    ['the same fixed amount', fixed, { ...fixed }, 'replay'],
  ])('decideCouponCreate: %s', (_name, existing, requested, decision) => {
    expect(decideCouponCreate(existing, requested)).toEqual(decision);
  });

  it.each<[string, Coupon | null, Customer, string | null]>([
    ['a percentage in any currency', percent, customer, null],
    ['a fixed amount in the customer currency', fixed, { ...customer, currency: 'USD' }, null],
    ['a fixed amount in another currency', fixed, customer, 'currency_mismatch'],
    ['no coupon', null, customer, 'invalid_request'],
  ])('checkCouponApplies: %s', (_name, coupon, c, code) => {
    const run = () => checkCouponApplies('five', coupon, c);
    if (code === null) expect(run()).toEqual(coupon);
    else expect(run).toThrow(expect.objectContaining({ code }));
  });

  it('activeCoupons keeps those with periods left, in order', () => {
    expect(
      activeCoupons([
        { coupon: percent, redemption: { couponId: 'ten', periodsApplied: 1 } },
        { coupon: fixed, redemption: { couponId: 'five', periodsApplied: 2 } },
        { coupon: { ...percent, id: 'new' }, redemption: { couponId: 'new', periodsApplied: 0 } },
      ]),
    ).toEqual([fixed, { ...percent, id: 'new' }]);
  });
});

describe('principalOfKey', () => {
  it.each<[string, Parameters<typeof principalOfKey>[0], unknown]>([
    ['no key', null, null],
    ['an operator key', { kind: 'operator', customerId: null }, { kind: 'operator' }],
    [
      'a customer key',
      { kind: 'customer', customerId: 'acme' },
      { kind: 'customer', customerId: 'acme' },
    ],
    [
      'a customer key without its customer reaches nothing',
      { kind: 'customer', customerId: null },
      null,
    ],
  ])('%s', (_name, key, principal) => {
    expect(principalOfKey(key)).toEqual(principal);
  });

  it('round-trips through what is stored', () => {
    for (const p of [{ kind: 'operator' }, { kind: 'customer', customerId: 'acme' }] as const) {
      expect(principalOfKey(storedKeyOf(p))).toEqual(p);
    }
  });
});
