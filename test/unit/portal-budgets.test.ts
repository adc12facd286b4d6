import type { Budget } from '../../portal/src/http/types';
import {
  alertsInPeriod,
  bannerAlerts,
  barPosition,
  scopeLabel,
} from '../../portal/src/pages/budgets';
import { percentOf } from '../../services/budgets';

const NOV = '2026-10-31T23:00:00.000Z';
const OCT = '2026-09-30T22:00:00.000Z';

const budget = (overrides: Partial<Budget> = {}): Budget => ({
  id: 'web-monthly',
  customerId: 'cus-1',
  projectId: 'web',
  amount: '10.00',
  thresholds: [50, 80, 100],
  basis: 'accrued',
  current: {
    periodStart: NOV,
    periodEnd: '2026-11-30T23:00:00.000Z',
    spent: '8.50',
    percent: '85.0',
  },
  alerts: [
    { periodStart: NOV, threshold: 80, spend: '8.50', crossedAt: '2026-11-27T10:05:00.000Z' },
    { periodStart: NOV, threshold: 50, spend: '5.20', crossedAt: '2026-11-20T09:00:00.000Z' },
    { periodStart: OCT, threshold: 100, spend: '10.10', crossedAt: '2026-10-29T12:00:00.000Z' },
  ],
  ...overrides,
});

describe('percentOf (the current figure of GET budgets): rounded down to one decimal', () => {
  test.each([
    ['8.50', '10.00', '85.0'],
    ['1.00', '3.00', '33.3'],
    ['2.00', '3.00', '66.6'], // 66.666… down, not 66.7
    ['7.999', '10.00', '79.9'], // never shows 80 before it is reached
    ['12.00', '10.00', '120.0'],
    ['0.00', '10.00', '0.0'],
    ['0.01', '1000.00', '0.0'],
  ])('%s of %s -> %s', (spent, amount, expected) => {
    expect(percentOf(spent, amount)).toEqual(expected);
  });
});

describe('portal budget helpers', () => {
  test('the alerts of this period only, by threshold', () => {
    expect(alertsInPeriod(budget(), NOV).map((a) => [a.threshold, a.spend])).toEqual([
      [50, '5.20'],
      [80, '8.50'],
    ]);
    expect(alertsInPeriod(budget(), OCT).map((a) => a.threshold)).toEqual([100]);
    // The same instant in another spelling is the same period.
    expect(alertsInPeriod(budget(), '2026-10-31T23:00:00Z')).toHaveLength(2);
    expect(alertsInPeriod(budget(), null)).toEqual([]);
  });

  test("the banner names each budget's highest threshold this period", () => {
    const quiet = budget({ id: 'acct', projectId: null, alerts: [] });
    const lastMonth = budget({
      id: 'old',
      alerts: [{ periodStart: OCT, threshold: 100, spend: '10', crossedAt: OCT }],
    });
    expect(bannerAlerts([budget(), quiet, lastMonth], NOV)).toEqual([
      { budgetId: 'web-monthly', threshold: 80, crossedAt: '2026-11-27T10:05:00.000Z' },
    ]);
    // Without a live figure the overview's period decides; without either, nothing.
    const noCurrent = budget({ current: null });
    expect(bannerAlerts([noCurrent], NOV)).toHaveLength(1);
    expect(bannerAlerts([noCurrent], null)).toEqual([]);
  });

  test('bar positions end at 100 % or the highest threshold', () => {
    expect(barPosition('85.0', [50, 80, 100])).toEqual(85);
    expect(barPosition('150.0', [50, 80, 100])).toEqual(100);
    expect(barPosition(75, [50, 150])).toEqual(50);
    expect(barPosition(150, [50, 150])).toEqual(100);
    expect(barPosition('0.0', [80])).toEqual(0);
  });

  test('scope: the project by name, else by id; no project is the whole account', () => {
    const names = new Map([['web', 'Web shop']]);
    expect(scopeLabel(budget(), names)).toEqual('Project Web shop');
    expect(scopeLabel(budget({ projectId: 'data' }), names)).toEqual('Project data');
    expect(scopeLabel(budget({ projectId: null }), names)).toEqual('Whole account');
  });
});
