import { Decimal, millisToSeconds } from '../../domain/decimal';
import {
  ratePeriod,
  type Price,
  type RatedLine,
  type RunTimeModel,
  type UsageGroup,
  type UsageRun,
} from '../../domain/rating';

const S = 1000; // ms per second
const H = 3_600_000; // ms per hour

/** Usage of one VM from its runs: seconds and quantity-seconds follow from them. */
function vmUsage(resourceId: string, runs: (number | UsageRun)[]): UsageGroup {
  const list = runs.map((run) =>
    typeof run === 'number' ? { durationMs: run, quantity: '1' } : run,
  );
  const millis = list.reduce((sum, run) => sum + run.durationMs, 0);
  return {
    resourceId,
    meter: 'compute.vm',
    dimensions: {},
    seconds: millisToSeconds(millis),
    quantitySeconds: millisToSeconds(millis),
    quantity: '0',
    runs: list,
  };
}

function vmPrice(model: Omit<RunTimeModel, 'type'>): Price {
  return {
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: [],
    model: { type: 'run_time', ...model },
  };
}

function rateOne(
  model: Omit<RunTimeModel, 'type'>,
  usage: UsageGroup[],
  currency = 'EUR',
): RatedLine {
  const { lines, unmatched } = ratePeriod({ currency, prices: [vmPrice(model)], usage });
  expect(unmatched).toEqual([]);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const perSecond = { unit: 'second', unitPrice: '0.0001' } as const; // 0.36 per hour
const hetzner = { unit: 'hour', unitPrice: '0.0066', periodCapAmount: '3.85' } as const;
const doMinimum = { ...perSecond, minimumSeconds: 60, minimumAmount: '0.01' } as const;

describe('run_time: one resource, per-run rules', () => {
  // Each row: billed quantity (in the price's unit), precise amount, the rounded amount.
  const cases: {
    name: string;
    model: Omit<RunTimeModel, 'type'>;
    runs: number[];
    quantity: string;
    precise: string;
    amount: string;
  }[] = [
    // 10 s x 0.0001 = 0.001 -> 0.00
    {
      name: 'per second, no rules',
      model: perSecond,
      runs: [10 * S],
      quantity: '10',
      precise: '0.001',
      amount: '0.00',
    },
    // 7 s container -> 60 s minimum; 60 x 0.0001 = 0.006 -> 0.01
    {
      name: '7 s container billed as 60 s',
      model: { ...perSecond, minimumSeconds: 60 },
      runs: [7 * S],
      quantity: '60',
      precise: '0.006',
      amount: '0.01',
    },
    // 61 s is above the minimum: 61 x 0.0001 = 0.0061
    {
      name: '61 s run over a 60 s minimum',
      model: { ...perSecond, minimumSeconds: 60 },
      runs: [61 * S],
      quantity: '61',
      precise: '0.0061',
      amount: '0.01',
    },
    // two starts, 7 s and 20 s: 60 + 60 = 120 s -> 0.012
    {
      name: 'minimum per start',
      model: { ...perSecond, minimumSeconds: 60 },
      runs: [7 * S, 20 * S],
      quantity: '120',
      precise: '0.012',
      amount: '0.01',
    },
    // 60 s or 0.01: 10 s -> 60 s -> 0.006 -> minimum amount 0.01
    {
      name: '60 s or 0.01: 10 s run',
      model: doMinimum,
      runs: [10 * S],
      quantity: '60',
      precise: '0.01',
      amount: '0.01',
    },
    // 60 s or 0.01: 200 s -> 200 x 0.0001 = 0.02 (above both minimums)
    {
      name: '60 s or 0.01: 200 s run',
      model: doMinimum,
      runs: [200 * S],
      quantity: '200',
      precise: '0.02',
      amount: '0.02',
    },
    // exactly at the threshold: 100 s x 0.0001 = 0.01
    {
      name: '60 s or 0.01: 100 s run',
      model: doMinimum,
      runs: [100 * S],
      quantity: '100',
      precise: '0.01',
      amount: '0.01',
    },
    // one ms under the threshold: 99.999 x 0.0001 = 0.0099999 -> 0.01 minimum amount
    {
      name: '60 s or 0.01: 99.999 s run',
      model: doMinimum,
      runs: [99_999],
      quantity: '99.999',
      precise: '0.01',
      amount: '0.01',
    },
    // 10 s + 200 s: 0.01 + 0.02 = 0.03
    {
      name: '60 s or 0.01: two runs',
      model: doMinimum,
      runs: [10 * S, 200 * S],
      quantity: '260',
      precise: '0.03',
      amount: '0.03',
    },
    // 61 s, increment 60 s -> 120 s; 120 x 0.0001 = 0.012
    {
      name: 'increment 60 s: 61 s -> 120 s',
      model: { ...perSecond, roundingIncrementSeconds: 60 },
      runs: [61 * S],
      quantity: '120',
      precise: '0.012',
      amount: '0.01',
    },
    // an exact multiple stays: 120 s
    {
      name: 'increment 60 s: 120 s stays',
      model: { ...perSecond, roundingIncrementSeconds: 60 },
      runs: [120 * S],
      quantity: '120',
      precise: '0.012',
      amount: '0.01',
    },
    // 1 ms past 120 s -> 180 s; 0.018
    {
      name: 'increment 60 s: 120.001 s -> 180 s',
      model: { ...perSecond, roundingIncrementSeconds: 60 },
      runs: [120_001],
      quantity: '180',
      precise: '0.018',
      amount: '0.02',
    },
    // increment first, then the minimum: 7 s -> 10 s (increment 10) -> 60 s (minimum)
    {
      name: 'increment then minimum',
      model: { ...perSecond, roundingIncrementSeconds: 10, minimumSeconds: 60 },
      runs: [7 * S],
      quantity: '60',
      precise: '0.006',
      amount: '0.01',
    },
    // 65 s -> 70 s (increment 10), above the 60 s minimum
    {
      name: 'increment then minimum, longer run',
      model: { ...perSecond, roundingIncrementSeconds: 10, minimumSeconds: 60 },
      runs: [65 * S],
      quantity: '70',
      precise: '0.007',
      amount: '0.01',
    },
    // a zero-length run is a run: billed the 60 s minimum
    {
      name: 'zero-length run',
      model: { ...perSecond, minimumSeconds: 60 },
      runs: [0],
      quantity: '60',
      precise: '0.006',
      amount: '0.01',
    },
    // per minute: 90.5 s at 0.06 per minute = 90,500 x 0.06 / 60,000 = 0.0905
    {
      name: 'per minute, exact per ms',
      model: { unit: 'minute', unitPrice: '0.06' },
      runs: [90_500],
      quantity: '1.508' + '3'.repeat(46),
      precise: '0.0905',
      amount: '0.09',
    },
    // Hetzner: 500 h x 0.0066 = 3.30 (below the 3.85 cap)
    {
      name: 'cap not reached: 500 h',
      model: hetzner,
      runs: [500 * H],
      quantity: '500',
      precise: '3.3',
      amount: '3.30',
    },
    // 583.33 h (58,333 x 36,000 ms) x 0.0066 = 3.849978: just below the cap (rounds to 3.85 but is not capped)
    {
      name: 'just below the cap: 583.33 h',
      model: hetzner,
      runs: [58_333 * 36_000],
      quantity: '583.33',
      precise: '3.849978',
      amount: '3.85',
    },
    // 583.34 h x 0.0066 = 3.850044 -> capped at 3.85 (the cap is reached at 583.33... h)
    {
      name: 'cap reached mid-month: 583.34 h',
      model: hetzner,
      runs: [58_334 * 36_000],
      quantity: '583.34',
      precise: '3.85',
      amount: '3.85',
    },
    // a full month in two runs: 300 h + 420 h = 720 h x 0.0066 = 4.752 -> 3.85
    {
      name: 'cap over the resource, not the run',
      model: hetzner,
      runs: [300 * H, 420 * H],
      quantity: '720',
      precise: '3.85',
      amount: '3.85',
    },
    // the worked example of models/run-time.ts: 0.01 + 0.012 + 0.042 = 0.064 -> cap 0.05
    {
      name: 'worked example: increment, minimum, minimum amount, cap',
      model: { ...doMinimum, roundingIncrementSeconds: 60, periodCapAmount: '0.05' },
      runs: [7 * S, 61 * S, 400 * S],
      quantity: '600',
      precise: '0.05',
      amount: '0.05',
    },
  ];

  it.each(cases)('$name', ({ model, runs, quantity, precise, amount }) => {
    const line = rateOne(model, [vmUsage('vm-1', runs)]);
    expect([line.quantity, line.preciseAmount, line.amount]).toEqual([quantity, precise, amount]);
    expect(line.subLines).toEqual([{ resourceId: 'vm-1', quantity, preciseAmount: precise }]);
  });
});

describe('run_time: a line of several resources', () => {
  it('caps and minimums per resource; the line adds the sub-lines', () => {
    const model = { ...doMinimum, roundingIncrementSeconds: 60, periodCapAmount: '0.05' };
    const line = rateOne(model, [
      // vm-2: 200 s -> 240 s (increment) = 0.024
      vmUsage('vm-2', [200 * S]),
      // vm-1: the worked example, 0.064 -> 0.05
      vmUsage('vm-1', [7 * S, 61 * S, 400 * S]),
    ]);
    expect(line).toEqual({
      lineId: 'vm:[]',
      priceId: 'vm',
      meter: 'compute.vm',
      dimensions: {},
      quantity: '840', // 600 + 240 s
      unit: 'second',
      // effective: 0.074 / 840 s (a minimum amount and the cap changed the list price)
      unitPrice: new Decimal('0.074').div(840).toFixed(),
      preciseAmount: '0.074', // 0.05 + 0.024
      amount: '0.07',
      subLines: [
        { resourceId: 'vm-1', quantity: '600', preciseAmount: '0.05' },
        { resourceId: 'vm-2', quantity: '240', preciseAmount: '0.024' },
      ],
    });
  });

  it('without minimum amounts or caps, the list price and the sub-lines in proportion', () => {
    // 1 h and 2 h at 0.0066 per hour: 0.0066 + 0.0132 = 0.0198
    const line = rateOne({ unit: 'hour', unitPrice: '0.0066', minimumSeconds: 60 }, [
      vmUsage('vm-1', [H]),
      vmUsage('vm-2', [2 * H]),
    ]);
    expect([line.quantity, line.unitPrice, line.preciseAmount, line.amount]).toEqual([
      '3',
      '0.0066',
      '0.0198',
      '0.02',
    ]);
    expect(line.subLines).toEqual([
      { resourceId: 'vm-1', quantity: '1', preciseAmount: '0.0066' },
      { resourceId: 'vm-2', quantity: '2', preciseAmount: '0.0132' },
    ]);
  });
});

describe('run_time: a run carried across a period boundary (priorMs)', () => {
  // The period a run starts in carries its minimum; a later period bills what the whole run
  // costs minus what its earlier part cost, so the split never changes the run's total.
  const cases: {
    name: string;
    model: Omit<RunTimeModel, 'type'>;
    first: number;
    second: number;
    quantities: [string, string];
    precise: [string, string];
  }[] = [
    // 30 s run, 10 s + 20 s, minimum 60 s: 60 s, then billed(30) - billed(10) = 60 - 60 = 0
    {
      name: 'minimum billed once',
      model: { ...perSecond, minimumSeconds: 60 },
      first: 10 * S,
      second: 20 * S,
      quantities: ['60', '0'],
      precise: ['0.006', '0'],
    },
    // 100 s run, 10 s + 90 s: 60 s, then 100 - 60 = 40 s; 60 + 40 = 100 s as unsplit
    {
      name: 'the rest past the minimum',
      model: { ...perSecond, minimumSeconds: 60 },
      first: 10 * S,
      second: 90 * S,
      quantities: ['60', '40'],
      precise: ['0.006', '0.004'],
    },
    // 61 s run, 30 s + 31 s, increment 60 s: 60 s, then 120 - 60 = 60 s
    {
      name: 'increment over the whole run',
      model: { ...perSecond, roundingIncrementSeconds: 60 },
      first: 30 * S,
      second: 31 * S,
      quantities: ['60', '60'],
      precise: ['0.006', '0.006'],
    },
    // 150 s run, 50 s + 100 s, 60 s or 0.01: 0.01; then 150 x 0.0001 - 0.01 = 0.005 (90 s)
    {
      name: '60 s or 0.01 across the boundary',
      model: doMinimum,
      first: 50 * S,
      second: 100 * S,
      quantities: ['60', '90'],
      precise: ['0.01', '0.005'],
    },
    // 80 s run, 50 s + 30 s, 60 s or 0.01: 0.01; then still under 100 s: 0.01 - 0.01 = 0
    {
      name: 'still under the minimum amount',
      model: doMinimum,
      first: 50 * S,
      second: 30 * S,
      quantities: ['60', '20'],
      precise: ['0.01', '0'],
    },
  ];

  it.each(cases)('$name', ({ model, first, second, quantities, precise }) => {
    const before = rateOne(model, [vmUsage('vm-1', [first])]);
    const after = rateOne(model, [
      vmUsage('vm-1', [{ durationMs: second, quantity: '1', priorMs: first }]),
    ]);
    expect([before.quantity, after.quantity]).toEqual(quantities);
    expect([before.preciseAmount, after.preciseAmount]).toEqual(precise);
  });
});
