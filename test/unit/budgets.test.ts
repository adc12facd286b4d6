import {
  budgetAlertPayload,
  budgetAlertSubject,
  isBudgetAlertSubject,
} from '../../domain/budgets/alert-event';
import type { Budget } from '../../domain/budgets/budget';
import { crossedThresholds } from '../../domain/budgets/crossings';
import { spendOf } from '../../domain/budgets/spend';
import { deliveryStepsFor } from '../../domain/billing-events';

const budget = (overrides: Partial<Budget> = {}): Budget => ({
  customerId: 'c1',
  id: 'monthly-web',
  projectId: 'web',
  amount: '200.00',
  thresholds: [50, 80, 100],
  basis: 'accrued',
  ...overrides,
});

describe('budget thresholds', () => {
  it.each<[string, string, number[]]>([
    ['below every threshold', '99.99', []],
    ['exactly half', '100.00', [50]],
    ['past 80 %', '165.00', [50, 80]],
    ['one cent short of 100 %', '199.99', [50, 80]],
    ['exactly the amount', '200.00', [50, 80, 100]],
    ['far beyond', '1000.00', [50, 80, 100]],
  ])('%s (%s of 200.00)', (_name, spend, crossed) => {
    expect(crossedThresholds(budget(), spend).map((c) => c.threshold)).toEqual(crossed);
  });

  it('thresholds above 100 % and odd amounts compare exactly', () => {
    // 150 % of 33.33 = 49.995: 49.99 is short, 50.00 reaches it.
    const odd = budget({ amount: '33.33', thresholds: [150] });
    expect(crossedThresholds(odd, '49.99')).toEqual([]);
    expect(crossedThresholds(odd, '50.00')).toEqual([
      {
        budgetId: 'monthly-web',
        projectId: 'web',
        threshold: 150,
        amount: '33.33',
        spend: '50.00',
      },
    ]);
  });
});

describe('what a budget counts', () => {
  const lines = [
    { lineId: 'egress:[]', amount: '0.83' },
    { lineId: 'egress:[]#data', amount: '5.00' },
    { lineId: 'egress:[]#web', amount: '6.67' },
    { lineId: 'minimum-commitment#web', amount: '1.00' },
  ];
  it.each<[string | null, string]>([
    [null, '13.50'],
    ['web', '7.67'],
    ['data', '5.00'],
    ['none', '0.00'],
  ])('project %s: %s', (projectId, spend) => {
    expect(spendOf(lines, projectId, 'EUR')).toEqual(spend);
  });
});

describe('the alert event', () => {
  it('has a business id per customer, budget, period and threshold', () => {
    const subject = budgetAlertSubject('acme', 'monthly-web', 1796083200000, 80);
    expect(subject).toEqual('budget-alert:acme:monthly-web:1796083200000:80');
    expect([isBudgetAlertSubject(subject), isBudgetAlertSubject('inv-acme-1')]).toEqual([
      true,
      false,
    ]);
  });

  it('says budget, threshold, amount, spend, period and project', () => {
    const [crossing] = crossedThresholds(budget(), '165.00').slice(-1);
    expect(
      budgetAlertPayload({
        crossing: crossing!,
        basis: 'accrued',
        currency: 'EUR',
        period: { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) },
      }),
    ).toEqual({
      budgetId: 'monthly-web',
      projectId: 'web',
      threshold: 80,
      basis: 'accrued',
      amount: '200.00',
      spend: '165.00',
      currency: 'EUR',
      period: { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
    });
  });

  it('is delivered by webhook and, with a mailer, by email', () => {
    expect(deliveryStepsFor('budget.threshold_crossed', { mailer: true, erp: true })).toEqual({
      documentKind: null,
      email: true,
      webhooks: true,
      erpRecordKind: null,
      overdueWatch: false,
    });
  });
});
