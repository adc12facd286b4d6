import { rateLateUsageAdjustments, type PlanTerms } from '../../domain/invoice';
import { Decimal } from '../../domain/decimal';
import type { UsageGroup } from '../../domain/rating';
import fc from 'fast-check';
import { anEgressPrice } from '../fixtures/catalog';
import { propertyRuns } from '../support/property-runs';

const NOV = Date.UTC(2026, 10, 1);

const terms: PlanTerms = {
  planId: 'p',
  currency: 'EUR',
  minimumCommitment: null,
  prices: [
    anEgressPrice({ meter: 'net.egress' }),
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
    billedLate: [],
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
    billedLate: [],
    late: [late('gw-1', 'api.calls', '1'), late('lb-9', 'net.egress', '2')],
  });
  expect(lines.map((l) => [l.lineId, l.quantity, l.amount])).toEqual([
    [`adj-${NOV}-api:[]`, '1', '0.01'],
    [`adj-${NOV}-egress:[]`, '2', '0.18'],
  ]);
});

test('no late usage, or late usage that changes no rounded amount, adds no line', () => {
  expect(
    rateLateUsageAdjustments({ terms, periodStartMs: NOV, original: [], billedLate: [], late: [] }),
  ).toEqual([]);
  // 0 calls -> 1 call: 0.00 -> 0.004, still 0.00 rounded.
  expect(
    rateLateUsageAdjustments({
      terms,
      periodStartMs: NOV,
      original: [],
      billedLate: [],
      late: [late('gw-1', 'api.calls', '1')],
    }),
  ).toEqual([]);
});

describe('late usage arriving again is rated on top of everything already billed for the period', () => {
  const calls = (resourceId: string, quantity: string): UsageGroup => ({
    ...egress(resourceId, quantity),
    meter: 'api.calls',
  });
  // Egress: 0.09/GB up to 10 GB, 0.05/GB above. API: 0.004 per call, each line rounded.
  it.each<[string, UsageGroup[], ReturnType<typeof late>[], ReturnType<typeof late>[], string[][]]>(
    [
      [
        'first batch: 9 GB billed (0.81), 3 GB late -> 1.00 - 0.81',
        [egress('lb-1', '9')],
        [],
        [late('lb-1', 'net.egress', '3')],
        [[`adj-${NOV}-egress:[]`, '3', '0.19']],
      ],
      [
        'second batch: 9 + 3 GB billed (1.00), 3 GB more -> 10 x 0.09 + 5 x 0.05 = 1.15 - 1.00',
        [egress('lb-1', '9')],
        [late('lb-1', 'net.egress', '3')],
        [late('lb-1', 'net.egress', '3')],
        [[`adj-${NOV}-egress:[]`, '3', '0.15']],
      ],
      [
        'third batch: 9 + 3 + 3 GB billed (1.15), 1 GB more -> 1.20 - 1.15',
        [egress('lb-1', '9')],
        [late('lb-1', 'net.egress', '3'), late('lb-1', 'net.egress', '3')],
        [late('lb-1', 'net.egress', '1')],
        [[`adj-${NOV}-egress:[]`, '1', '0.05']],
      ],
      [
        'the tier counts every resource of the line: 9 GB lb-1 + 2 GB lb-2 billed (0.95), 1 GB lb-1 -> 1.00 - 0.95',
        [egress('lb-1', '9')],
        [late('lb-2', 'net.egress', '2')],
        [late('lb-1', 'net.egress', '1')],
        [[`adj-${NOV}-egress:[]`, '1', '0.05']],
      ],
      [
        'one rounding per line: 1 call (0.00) + 1 late billed (0.008 -> 0.01), 1 more: 0.012 -> 0.01, nothing to add',
        [calls('gw-1', '1')],
        [late('gw-1', 'api.calls', '1')],
        [late('gw-1', 'api.calls', '1')],
        [],
      ],
      [
        'one rounding per line: 2 calls billed (0.01), 2 more: 0.016 -> 0.02 - 0.01',
        [calls('gw-1', '1')],
        [late('gw-1', 'api.calls', '1')],
        [late('gw-1', 'api.calls', '2')],
        [[`adj-${NOV}-api:[]`, '2', '0.01']],
      ],
      [
        'a batch for a line the billed batches never touched: egress 0.19 billed, 250 calls -> 1.00',
        [egress('lb-1', '9')],
        [late('lb-1', 'net.egress', '3')],
        [late('gw-1', 'api.calls', '250')],
        [[`adj-${NOV}-api:[]`, '250', '1.00']],
      ],
    ],
  )('%s', (_name, original, billedLate, lateBatch, expected) => {
    const lines = rateLateUsageAdjustments({
      terms,
      periodStartMs: NOV,
      original,
      billedLate,
      late: lateBatch,
    });
    expect(lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual(expected);
  });

  it("the second batch's line shows only its own GB and money, on the resource that sent them", () => {
    const [line] = rateLateUsageAdjustments({
      terms,
      periodStartMs: NOV,
      original: [egress('lb-1', '9')],
      billedLate: [late('lb-1', 'net.egress', '3')],
      late: [late('lb-1', 'net.egress', '3')],
    });
    expect(line).toMatchObject({
      lineId: `adj-${NOV}-egress:[]`,
      quantity: '3',
      amount: '0.15',
      preciseAmount: '0.15',
      unitPrice: '0.05',
      subLines: [{ resourceId: 'lb-1', quantity: '3', preciseAmount: '0.15' }],
    });
  });

  // 9 GB billed (0.81); 6 GB late in any number of batches: together 1.15 - 0.81 = 0.34.
  it.each<[string, string[]]>([
    ['one batch of 6 GB', ['6']],
    ['3 GB, then 3 GB: 0.19 + 0.15', ['3', '3']],
    ['1 GB six times: 0.09 + 0.05 x 5', ['1', '1', '1', '1', '1', '1']],
    ['0.5 GB, then 5.5 GB: 0.855 -> 0.86 - 0.81 = 0.05, then 1.15 - 0.86 = 0.29', ['0.5', '5.5']],
  ])('the batches add up to one re-rating: %s', (_name, batches) => {
    let billedLate: ReturnType<typeof late>[] = [];
    let charged = new Decimal(0);
    for (const quantity of batches) {
      const batch = [late('lb-1', 'net.egress', quantity)];
      for (const line of rateLateUsageAdjustments({
        terms,
        periodStartMs: NOV,
        original: [egress('lb-1', '9')],
        billedLate,
        late: batch,
      })) {
        charged = charged.plus(line.amount);
      }
      billedLate = [...billedLate, ...batch];
    }
    expect(charged.toFixed(2)).toEqual('0.34');
  });
});

describe('the sub-lines of a late usage adjustment add up to it', () => {
  test('a tier moves every resource of the line: 9 GB lb-1 + 2 GB lb-2 billed (0.95), 1 GB late on lb-1', () => {
    // Shares by quantity: before 9/11 and 2/11 of 0.95, after 10/12 and 2/12 of 1.00.
    // lb-1: 0.8333... - 0.7772... = +0.05606...; lb-2: 0.1666... - 0.1727... = -0.00606...
    const [line] = rateLateUsageAdjustments({
      terms,
      periodStartMs: NOV,
      original: [egress('lb-1', '9')],
      billedLate: [late('lb-2', 'net.egress', '2')],
      late: [late('lb-1', 'net.egress', '1')],
    });
    expect(line?.amount).toEqual('0.05');
    expect(
      line?.subLines.map((sub) => [
        sub.resourceId,
        sub.quantity,
        new Decimal(sub.preciseAmount).toFixed(6),
      ]),
    ).toEqual([
      ['lb-1', '1', '0.056061'],
      ['lb-2', '0', '-0.006061'],
    ]);
  });

  const resource = fc.constantFrom('lb-1', 'lb-2', 'lb-3');
  const gigabytes = fc.integer({ min: 1, max: 4000 }).map((tenths) => String(tenths / 10));
  const batch = fc.array(
    fc.tuple(resource, gigabytes).map(([id, quantity]) => late(id, 'net.egress', quantity)),
    { maxLength: 3 },
  );

  test('per line, the sub-lines sum to its precise amount (within 1e-25)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(resource, gigabytes), { minLength: 1, maxLength: 3 }),
        batch,
        batch.filter((late) => late.length > 0),
        (original, billedLate, lateNow) => {
          const lines = rateLateUsageAdjustments({
            terms,
            periodStartMs: NOV,
            original: [...new Map(original).entries()].map(([id, q]) => egress(id, q)),
            billedLate,
            late: lateNow,
          });
          for (const line of lines) {
            const sum = line.subLines.reduce((a, sub) => a.plus(sub.preciseAmount), new Decimal(0));
            expect(sum.minus(line.preciseAmount).abs().lt('1e-25')).toBe(true);
          }
        },
      ),
      propertyRuns(200),
    );
  });
});
