import { rateLateUsageAdjustments, type PlanTerms } from '../../domain/invoice';
import type { UsageGroup } from '../../domain/rating';

const NOV = Date.UTC(2026, 10, 1);

const terms: PlanTerms = {
  planId: 'p',
  currency: 'EUR',
  minimumCommitment: null,
  prices: [
    {
      id: 'egress',
      meter: 'net.egress',
      dimensionsFilter: {},
      model: {
        type: 'graduated',
        measure: 'quantity',
        tiers: [
          { upTo: '10', unitPrice: '0.09' },
          { upTo: null, unitPrice: '0.05' },
        ],
      },
    },
    {
      id: 'api',
      meter: 'api.calls',
      dimensionsFilter: {},
      model: { type: 'counter', unitPrice: '0.004' },
    },
  ],
};

const egress = (resourceId: string, quantity: string): UsageGroup => ({
  resourceId,
  meter: 'net.egress',
  dimensions: {},
  seconds: '0',
  quantitySeconds: '0',
  quantity,
  runs: [],
});
const late = (resourceId: string, meter: string, quantity: string) => ({
  periodStartMs: NOV,
  resourceId,
  meter,
  dimensions: {},
  quantity,
});

test('late GB land in the tier the period had reached: 9 GB + 3 GB late -> 1.00 - 0.81 = 0.19', () => {
  const [line, ...rest] = rateLateUsageAdjustments({
    terms,
    periodStartMs: NOV,
    original: [egress('lb-1', '9')],
    late: [late('lb-1', 'net.egress', '3')],
  });
  expect(rest).toEqual([]);
  expect(line).toMatchObject({
    lineId: `adj-${NOV}-egress:[]`,
    priceId: 'egress',
    quantity: '3',
    amount: '0.19',
    preciseAmount: '0.19',
    subLines: [{ resourceId: 'lb-1', quantity: '3', preciseAmount: '0.19' }],
  });
});

test('a late resource the period never saw, and rounding by difference of rounded lines', () => {
  // api: the period had 1 call (0.004 -> 0.00); 1 late call makes 0.008 -> 0.01: adjust 0.01.
  const lines = rateLateUsageAdjustments({
    terms,
    periodStartMs: NOV,
    original: [{ ...egress('gw-1', '1'), meter: 'api.calls' }],
    late: [late('gw-1', 'api.calls', '1'), late('lb-9', 'net.egress', '2')],
  });
  expect(lines.map((l) => [l.lineId, l.quantity, l.amount])).toEqual([
    [`adj-${NOV}-api:[]`, '1', '0.01'],
    [`adj-${NOV}-egress:[]`, '2', '0.18'],
  ]);
});

test('no late usage, or late usage that changes no rounded amount, adds no line', () => {
  expect(rateLateUsageAdjustments({ terms, periodStartMs: NOV, original: [], late: [] })).toEqual(
    [],
  );
  // 0 calls -> 1 call: 0.00 -> 0.004, still 0.00 rounded.
  expect(
    rateLateUsageAdjustments({
      terms,
      periodStartMs: NOV,
      original: [],
      late: [late('gw-1', 'api.calls', '1')],
    }),
  ).toEqual([]);
});
