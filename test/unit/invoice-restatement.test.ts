import fc from 'fast-check';
import { Decimal } from '../../domain/decimal';
import type { PlanTerms } from '../../domain/invoice';
import { draftInvoice } from '../../domain/invoice';
import { carryExcessToCredit } from '../../domain/invoice/carry-to-credit';
import {
  billedLinesOf,
  restatedPeriodLines,
  restatementLines,
  type BilledLine,
} from '../../domain/invoice/restatement';
import type { LedgerEvent } from '../../domain/events';
import { remeterPeriod } from '../../domain/metering/remeter';
import { ratePeriod, type UsageGroup } from '../../domain/rating';
import { propertyRuns } from '../support/property-runs';

const HOUR = 3_600_000;
const P = Date.UTC(2031, 10, 1); // Nov 1 2031, a daily period
const period = { startMs: P, endMs: P + 24 * HOUR };
const terms: PlanTerms = {
  planId: 'plan-1',
  currency: 'EUR',
  minimumCommitment: null,
  prices: [
    {
      id: 'vm',
      meter: 'compute.vm',
      dimensionsFilter: {},
      model: { type: 'run_time', unit: 'hour', unitPrice: '0.10' },
    },
    {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: {},
      model: { type: 'counter', unitPrice: '0.01' },
    },
  ],
};

const vm = (ms: number): UsageGroup => ({
  resourceId: 'vm-1',
  meter: 'compute.vm',
  dimensions: {},
  seconds: new Decimal(ms).div(1000).toFixed(),
  quantitySeconds: new Decimal(ms).div(1000).toFixed(),
  quantity: '0',
  runs: [{ durationMs: ms, quantity: '1' }],
});
const egress = (units: number): UsageGroup => ({
  resourceId: 'lb-1',
  meter: 'network.egress',
  dimensions: {},
  seconds: '0',
  quantitySeconds: '0',
  quantity: String(units),
  runs: [],
});

/** What an invoice charged for `usage`, as the stored lines of that period's invoice. */
function charged(usage: UsageGroup[]): BilledLine[] {
  return ratePeriod({ currency: 'EUR', prices: terms.prices, usage }).lines.map((line) => ({
    lineId: line.lineId,
    priceId: line.priceId,
    meter: line.meter,
    dimensions: line.dimensions,
    unit: line.unit,
    quantity: line.quantity,
    amount: line.amount,
    preciseAmount: line.preciseAmount,
    subLines: line.subLines,
  }));
}
const vmLineId = charged([vm(HOUR)])[0]?.lineId as string;
const egressLineId = charged([egress(1)])[0]?.lineId as string;
const adj = (lineId: string) => `adj-${P}-${lineId}`;
/** An adjustment a later invoice already carried: vm-1's late stop at 18 h, -6 h, -0.60. */
const earlierStopAdjustment: BilledLine = {
  ...charged([vm(6 * HOUR)])[0]!,
  lineId: adj(vmLineId),
  quantity: '-6',
  amount: '-0.60',
  preciseAmount: '-0.6',
  subLines: [{ resourceId: 'vm-1', quantity: '-6', preciseAmount: '-0.6' }],
};

describe('restatementLines: a finalized period re-rated from the ledger, minus what was charged', () => {
  test.each<[string, UsageGroup[], BilledLine[], [string, string, string][]]>([
    // 24 h billed (2.40) for a VM whose late stop says 18 h (1.80): -0.60 for -6 h.
    [
      'late stop: overbilled time comes back',
      [vm(18 * HOUR)],
      charged([vm(24 * HOUR)]),
      [[adj(vmLineId), '-6', '-0.60']],
    ],
    // Started 2 h before the period-close thought (late start): 12 h -> 14 h, +0.20.
    [
      'late start: missed time is charged',
      [vm(14 * HOUR)],
      charged([vm(12 * HOUR)]),
      [[adj(vmLineId), '2', '0.20']],
    ],
    // 23 h 59 min 30 s = 2.39916… -> 2.40 as billed: no line.
    [
      'a change within the rounding makes no line',
      [vm(24 * HOUR - 30_000)],
      charged([vm(24 * HOUR)]),
      [],
    ],
    // The resource never ran after all: the whole 2.40 comes back.
    [
      'usage that vanished is charged back whole',
      [],
      charged([vm(24 * HOUR)]),
      [[adj(vmLineId), '-24', '-2.40']],
    ],
    // Already corrected once (2.40 - 0.60 = 1.80 for 18 h): the same truth makes no line.
    [
      'cumulative: an earlier restatement counts as charged',
      [vm(18 * HOUR)],
      [...charged([vm(24 * HOUR)]), earlierStopAdjustment],
      [],
    ],
    // Then a second late stop says 12 h: -0.60 more, not -1.20.
    [
      'cumulative: a second correction is charged on top of the first',
      [vm(12 * HOUR)],
      [...charged([vm(24 * HOUR)]), earlierStopAdjustment],
      [[adj(vmLineId), '-6', '-0.60']],
    ],
    // Late counters of a restated period are in its difference: 20 billed, 30 now -> +0.10.
    [
      'late counters ride along',
      [vm(24 * HOUR), egress(30)],
      charged([vm(24 * HOUR), egress(20)]),
      [[adj(egressLineId), '10', '0.10']],
    ],
  ])('%s', (_name, truth, billed, expected) => {
    const lines = restatementLines({
      currency: 'EUR',
      periodStartMs: P,
      rated: restatedPeriodLines(terms, truth),
      billed: billedLinesOf(P, billed),
    });
    expect(lines.map((line) => [line.lineId, line.quantity, line.amount])).toEqual(expected);
  });
});

describe('restatement sub-lines: per resource, what the restatement changes', () => {
  const vmOf = (resourceId: string, ms: number): UsageGroup => ({ ...vm(ms), resourceId });
  const restate = (truth: UsageGroup[], billed: BilledLine[]) =>
    restatementLines({
      currency: 'EUR',
      periodStartMs: P,
      rated: restatedPeriodLines(terms, truth),
      billed: billedLinesOf(P, billed),
    }).map((line) => [line.lineId, line.amount, line.subLines]);

  test.each<[string, UsageGroup[], BilledLine[], ReturnType<typeof restate>]>([
    // vm-1 billed 24 h (2.40), its late stop says 18 h: -6 h, -0.6. vm-2 (1 h, 0.1) is
    // unchanged and shows no sub-line.
    [
      'only the resource that moved',
      [vmOf('vm-1', 18 * HOUR), vmOf('vm-2', HOUR)],
      charged([vmOf('vm-1', 24 * HOUR), vmOf('vm-2', HOUR)]),
      [[adj(vmLineId), '-0.60', [{ resourceId: 'vm-1', quantity: '-6', preciseAmount: '-0.6' }]]],
    ],
    // A late start of vm-3, billed nothing: +3 h, +0.3, on a line that already had vm-1.
    [
      'a resource the invoice did not have',
      [vmOf('vm-1', 24 * HOUR), vmOf('vm-3', 3 * HOUR)],
      charged([vmOf('vm-1', 24 * HOUR)]),
      [[adj(vmLineId), '0.30', [{ resourceId: 'vm-3', quantity: '3', preciseAmount: '0.3' }]]],
    ],
    // Billed 24 h, an earlier restatement took 6 h back (18 h charged), now 12 h: -6 h more.
    [
      'an earlier restatement counts as billed',
      [vmOf('vm-1', 12 * HOUR)],
      [...charged([vmOf('vm-1', 24 * HOUR)]), earlierStopAdjustment],
      [[adj(vmLineId), '-0.60', [{ resourceId: 'vm-1', quantity: '-6', preciseAmount: '-0.6' }]]],
    ],
    // Nothing ran after all: every billed resource comes back, vm-1 -24 h, vm-2 -1 h.
    [
      'a line charged back whole',
      [],
      charged([vmOf('vm-1', 24 * HOUR), vmOf('vm-2', HOUR)]),
      [
        [
          adj(vmLineId),
          '-2.50',
          [
            { resourceId: 'vm-1', quantity: '-24', preciseAmount: '-2.4' },
            { resourceId: 'vm-2', quantity: '-1', preciseAmount: '-0.1' },
          ],
        ],
      ],
    ],
  ])('%s', (_name, truth, billed, expected) => {
    expect(restate(truth, billed)).toEqual(expected);
  });

  // The sub-lines of a restatement add up to its precise amount (no minimum, cap or tier
  // reallocates between resources here): -0.6 + -0.1 = -0.7.
  test('sum to the line', () => {
    const [line] = restatementLines({
      currency: 'EUR',
      periodStartMs: P,
      rated: restatedPeriodLines(terms, [vmOf('vm-1', 18 * HOUR)]),
      billed: billedLinesOf(P, charged([vmOf('vm-1', 24 * HOUR), vmOf('vm-2', HOUR)])),
    });
    const sum = line!.subLines.reduce(
      (total, sub) => total.plus(sub.preciseAmount),
      new Decimal(0),
    );
    expect([line!.preciseAmount, sum.toFixed()]).toEqual(['-0.7', '-0.7']);
  });
});

test('billedLinesOf sums a line with its adjustments on later invoices', () => {
  const [line] = charged([vm(24 * HOUR)]);
  const billed = billedLinesOf(P, [
    line!,
    { ...line!, lineId: adj(vmLineId), quantity: '-6', amount: '-0.60', preciseAmount: '-0.6' },
  ]);
  expect(billed.map((b) => [b.lineId, b.quantity, b.amount])).toEqual([[vmLineId, '18', '1.8']]);
});

test('billedLinesOf counts what a negative adjustment carried to credit as given back', () => {
  const [line] = charged([vm(24 * HOUR)]);
  // Nov 2's invoice had room for -0.10 of the -0.60; 0.50 went to the credit balance.
  const billed = billedLinesOf(P, [
    line!,
    {
      ...line!,
      lineId: adj(vmLineId),
      quantity: '-6',
      amount: '-0.10',
      preciseAmount: '-0.10',
      carriedToCredit: '0.50',
    },
  ]);
  expect(billed.map((b) => [b.lineId, b.amount])).toEqual([[vmLineId, '1.8']]);
});

describe('carryExcessToCredit: an invoice never goes below zero per tax category', () => {
  const line = (lineId: string, amount: string) => ({ lineId, amount, preciseAmount: amount });
  test.each<[string, ReturnType<typeof line>[], string[], [string, string][]]>([
    ['fits: unchanged', [line('a', '2.00'), line('adj-1-a', '-0.60')], ['2.00', '-0.60'], []],
    [
      'exceeds: the excess is carried',
      [line('a', '1.00'), line('adj-1-a', '-1.60')],
      ['1.00', '-1.00'],
      [['adj-1-a', '0.60']],
    ],
    [
      'the latest negative line gives way first',
      [line('a', '1.00'), line('adj-1-a', '-0.70'), line('adj-2-a', '-0.50')],
      ['1.00', '-0.70', '-0.30'],
      [['adj-2-a', '0.20']],
    ],
    ['nothing to reduce: all carried', [line('adj-1-a', '-0.40')], ['0.00'], [['adj-1-a', '0.40']]],
  ])('%s', (_name, lines, amounts, carried) => {
    const result = carryExcessToCredit(lines, () => 'standard', 'EUR');
    expect(result.lines.map((l) => l.amount)).toEqual(amounts);
    expect([...result.carried]).toEqual(carried);
  });

  test('each tax category is limited on its own', () => {
    const category: Record<string, string> = {
      a: 'standard',
      'adj-1-a': 'standard',
      b: 'reduced',
      'adj-1-b': 'reduced',
    };
    const result = carryExcessToCredit(
      [line('a', '5.00'), line('b', '1.00'), line('adj-1-a', '-1.00'), line('adj-1-b', '-3.00')],
      (l) => category[l.lineId] as string,
      'EUR',
    );
    expect(result.lines.map((l) => l.amount)).toEqual(['5.00', '1.00', '-1.00', '-1.00']);
    expect([...result.carried]).toEqual([['adj-1-b', '2.00']]);
  });
});

describe('properties', () => {
  /** A VM started and stopped inside the period; the stop reaches the ledger after the close. */
  const runs = fc
    .tuple(fc.integer({ min: 0, max: 24 * 3600 - 1 }), fc.integer({ min: 1, max: 24 * 3600 }))
    .map(([startS, lengthS]) => {
      const startMs = P + startS * 1000;
      const stopMs = Math.min(period.endMs, startMs + lengthS * 1000);
      return { startMs, stopMs };
    });
  const events = (startMs: number, stopMs: number | null): LedgerEvent[] => [
    {
      seq: 1,
      id: 's',
      type: 'resource.started',
      timestampMs: startMs,
      resourceId: 'vm-1',
      meter: 'compute.vm',
      dimensions: null,
      quantity: null,
    },
    ...(stopMs === null
      ? []
      : [
          {
            seq: 2,
            id: 'e',
            type: 'resource.stopped' as const,
            timestampMs: stopMs,
            resourceId: 'vm-1',
            meter: 'compute.vm',
            dimensions: null,
            quantity: null,
          },
        ]),
  ];
  const periodStartOf = (ms: number) => P + Math.floor((ms - P) / (24 * HOUR)) * 24 * HOUR;
  const usageOf = (evts: LedgerEvent[]) =>
    remeterPeriod(evts, period, periodStartOf).map(({ runShares, ...u }) => ({
      ...u,
      runs: runShares ?? [],
    }));
  const sum = (lines: { amount: string }[]) =>
    lines.reduce((a, l) => a.plus(l.amount), new Decimal(0));

  test('what the invoices charge in all equals an independent rating of the true run time', () => {
    fc.assert(
      fc.property(runs, ({ startMs, stopMs }) => {
        // The close billed the VM as running to the period end (its stop was not there yet).
        const billed = charged(usageOf(events(startMs, null)));
        const adjustments = restatementLines({
          currency: 'EUR',
          periodStartMs: P,
          rated: restatedPeriodLines(terms, usageOf(events(startMs, stopMs))),
          billed: billedLinesOf(P, billed),
        });
        // Independently: (stop - start) hours x 0.10, rounded half up to the cent.
        const expected = new Decimal(stopMs - startMs)
          .div(HOUR)
          .times('0.10')
          .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        expect(sum(billed).plus(sum(adjustments)).toFixed(2)).toEqual(expected.toFixed(2));
        // When the restatement makes a line, per resource what was billed plus its sub-line
        // is the restated figure, within 1e-30 (a second of an hourly price does not
        // terminate, and decimals keep a fixed number of significant digits). A change within
        // the rounding makes no line, and then no sub-line either.
        const perResource = (lines: { subLines: { preciseAmount: string }[] }[]) =>
          lines
            .flatMap((line) => line.subLines)
            .reduce((a, sub) => a.plus(sub.preciseAmount), new Decimal(0));
        const restated = restatedPeriodLines(terms, usageOf(events(startMs, stopMs)));
        const gap = perResource(billed).plus(perResource(adjustments)).minus(perResource(restated));
        if (adjustments.length > 0) expect(gap.abs().lt('1e-30')).toBe(true);
        // Restating again with the same truth charges nothing more.
        const again = restatementLines({
          currency: 'EUR',
          periodStartMs: P,
          rated: restatedPeriodLines(terms, usageOf(events(startMs, stopMs))),
          billed: billedLinesOf(P, [...billed, ...adjustments]),
        });
        expect(again).toEqual([]);
      }),
      propertyRuns(200),
    );
  });
});

describe('a draft with a negative restatement', () => {
  const restated = restatementLines({
    currency: 'EUR',
    periodStartMs: P,
    rated: restatedPeriodLines(terms, [vm(18 * HOUR)]),
    billed: billedLinesOf(P, charged([vm(24 * HOUR)])),
  }); // one line of -0.60
  const vat = { id: 'vat-20', name: 'VAT 20%', percentage: '20', inclusive: false };

  test('reduces the invoice: 1.00 - 0.60 = 0.40, 10% off 0.04 (from the charge only), VAT 0.07, total 0.43', () => {
    const draft = draftInvoice({
      customerId: 'c1',
      period: { startMs: period.endMs, endMs: period.endMs + 24 * HOUR },
      terms,
      usage: [vm(10 * HOUR)],
      taxRates: [vat],
      coupons: [{ id: 'ten', kind: 'percentage', percentage: '10', duration: 'forever' }],
      adjustments: restated,
    });
    // Net 0.36 taxed at 20%: 0.072 -> 0.07; total 0.36 + 0.07 = 0.43.
    expect([
      draft.totals.subtotal,
      draft.totals.totalDiscount,
      draft.totals.totalTax,
      draft.totals.total,
    ]).toEqual(['0.40', '0.04', '0.07', '0.43']);
    expect(draft.totals.lines.map((l) => [l.amount, l.discountAmount, l.carriedToCredit])).toEqual([
      ['1.00', '0.04', undefined],
      ['-0.60', '0.00', undefined],
    ]);
  });

  test('beyond the invoice, the rest is carried to credit: 0.20 - 0.60 -> 0.00 due, 0.40 carried', () => {
    const draft = draftInvoice({
      customerId: 'c1',
      period: { startMs: period.endMs, endMs: period.endMs + 24 * HOUR },
      terms,
      usage: [vm(2 * HOUR)],
      taxRates: [vat],
      coupons: [{ id: 'ten', kind: 'percentage', percentage: '10', duration: 'forever' } as never],
      adjustments: restated,
    });
    expect([draft.totals.subtotal, draft.totals.totalDiscount, draft.totals.total]).toEqual([
      '0.00',
      '0.00',
      '0.00',
    ]);
    expect(draft.lines.map((l) => l.amount)).toEqual(['0.20', '-0.20']);
    expect(draft.totals.lines.map((l) => l.carriedToCredit)).toEqual([undefined, '0.40']);
  });
});
