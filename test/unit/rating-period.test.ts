import { millisToSeconds } from '../../domain/decimal';
import type { Dimensions } from '../../domain/events';
import {
  applyMinimumCommitment,
  ratePeriod,
  type Price,
  type PriceModel,
  type RatedLine,
  type RatePeriodInput,
  type UsageGroup,
} from '../../domain/rating';

const H = 3_600_000;

function vm(resourceId: string, dimensions: Dimensions, runsMs: number[] = [H]): UsageGroup {
  const millis = runsMs.reduce((sum, ms) => sum + ms, 0);
  return {
    resourceId,
    meter: 'compute.vm',
    dimensions,
    seconds: millisToSeconds(millis),
    quantitySeconds: millisToSeconds(millis),
    quantity: '0',
    runs: runsMs.map((durationMs) => ({ durationMs, quantity: '1' })),
  };
}

function egress(resourceId: string, quantity: string, dimensions: Dimensions = {}): UsageGroup {
  return {
    resourceId,
    meter: 'network.egress',
    dimensions,
    seconds: '0',
    quantitySeconds: '0',
    quantity,
    runs: [],
  };
}

const hourly = (unitPrice: string): PriceModel => ({ type: 'run_time', unit: 'hour', unitPrice });

function vmPrice(
  id: string,
  dimensionsFilter: Dimensions,
  unitPrice = '1',
  extra: Partial<Price> = {},
): Price {
  return { id, meter: 'compute.vm', dimensionsFilter, model: hourly(unitPrice), ...extra };
}

const counterPrice = (unitPrice: string, extra: Partial<Price> = {}): Price => ({
  id: 'egress',
  meter: 'network.egress',
  dimensionsFilter: {},
  groupBy: [],
  model: { type: 'counter', unitPrice },
  ...extra,
});

describe('price matching', () => {
  const prices = [
    vmPrice('vm-any', {}),
    vmPrice('vm-fsn1', { region: 'fsn1' }),
    vmPrice('vm-cx22', { size: 'cx22' }),
    vmPrice('vm-fsn1-cx22', { region: 'fsn1', size: 'cx22' }),
  ];
  // [usage dimensions, the price that wins]
  const cases: [Dimensions, string][] = [
    [{ region: 'fsn1', size: 'cx22' }, 'vm-fsn1-cx22'], // two keys beat one
    [{ region: 'fsn1', size: 'cx32' }, 'vm-fsn1'],
    [{ region: 'hel1', size: 'cx22' }, 'vm-cx22'],
    [{ region: 'hel1', size: 'cx32' }, 'vm-any'], // {} matches everything
    [{ region: 'fsn1', size: 'cx22', disk: 'ssd' }, 'vm-fsn1-cx22'], // a subset match
    [{}, 'vm-any'],
  ];

  it.each(cases)('%j -> %s', (dimensions, priceId) => {
    const input = { currency: 'EUR', prices, usage: [vm('vm-1', dimensions)] };
    expect(ratePeriod(input).lines.map((l) => l.priceId)).toEqual([priceId]);
    // the order of the price list never matters
    const reversed = { ...input, prices: [...prices].reverse() };
    expect(ratePeriod(reversed).lines.map((l) => l.priceId)).toEqual([priceId]);
  });

  it('breaks a tie between equally specific prices by the lowest price id', () => {
    // vm-cx22 and vm-fsn1 both have one key; "vm-cx22" < "vm-fsn1"
    const tied = prices.filter((p) => p.id !== 'vm-fsn1-cx22');
    for (const list of [tied, [...tied].reverse()]) {
      const input = {
        currency: 'EUR',
        prices: list,
        usage: [vm('vm-1', { region: 'fsn1', size: 'cx22' })],
      };
      expect(ratePeriod(input).lines.map((l) => l.priceId)).toEqual(['vm-cx22']);
    }
  });

  it('returns usage that matches no price, sorted, never dropping it', () => {
    const gpu: UsageGroup = { ...vm('gpu-1', {}), meter: 'compute.gpu' };
    const hel1 = vm('vm-2', { region: 'hel1' });
    const { lines, unmatched } = ratePeriod({
      currency: 'EUR',
      prices: [vmPrice('vm-fsn1', { region: 'fsn1' })],
      usage: [hel1, gpu, vm('vm-1', { region: 'fsn1' })],
    });
    expect(lines.map((l) => l.lineId)).toEqual(['vm-fsn1:[["region","fsn1"]]']);
    expect(unmatched).toEqual([gpu, hel1]); // by meter, then resource
  });
});

describe('lines and sub-lines', () => {
  it('one line per dimension set by default, sorted, with deterministic ids', () => {
    // 1 h each at 0.0066 per hour
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [vmPrice('vm', {}, '0.0066')],
      usage: [
        vm('vm-2', { size: 'cx32' }),
        vm('vm-3', { size: 'cx22' }),
        vm('vm-1', { size: 'cx22' }),
      ],
    });
    expect(lines).toEqual<RatedLine[]>([
      {
        lineId: 'vm:[["size","cx22"]]',
        priceId: 'vm',
        meter: 'compute.vm',
        dimensions: { size: 'cx22' },
        quantity: '2',
        unit: 'hour',
        unitPrice: '0.0066',
        preciseAmount: '0.0132', // 2 x 0.0066
        amount: '0.01',
        subLines: [
          { resourceId: 'vm-1', quantity: '1', preciseAmount: '0.0066' },
          { resourceId: 'vm-3', quantity: '1', preciseAmount: '0.0066' },
        ],
      },
      {
        lineId: 'vm:[["size","cx32"]]',
        priceId: 'vm',
        meter: 'compute.vm',
        dimensions: { size: 'cx32' },
        quantity: '1',
        unit: 'hour',
        unitPrice: '0.0066',
        preciseAmount: '0.0066',
        amount: '0.01',
        subLines: [{ resourceId: 'vm-2', quantity: '1', preciseAmount: '0.0066' }],
      },
    ]);
  });

  it('groupBy merges the other dimensions; one sub-line per resource', () => {
    // vm-1 was resized from cx22 (2 h) to cx32 (1 h): one sub-line of 3 h at 0.01 = 0.03
    const price = vmPrice('vm', {}, '0.01', { groupBy: ['region'], unitLabel: 'server-hour' });
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [price],
      usage: [
        vm('vm-1', { region: 'fsn1', size: 'cx22' }, [2 * H]),
        vm('vm-1', { region: 'fsn1', size: 'cx32' }, [H]),
        vm('vm-2', { size: 'cx22' }, [H]), // no region: its own line
      ],
    });
    expect(lines.map((l) => [l.lineId, l.dimensions, l.unit, l.quantity, l.amount])).toEqual([
      ['vm:[["region","fsn1"]]', { region: 'fsn1' }, 'server-hour', '3', '0.03'],
      ['vm:[]', {}, 'server-hour', '1', '0.01'], // by dimensions key: '[[' < '[]'
    ]);
    expect(lines[0]!.subLines).toEqual([
      { resourceId: 'vm-1', quantity: '3', preciseAmount: '0.03' },
    ]);
  });

  it('rates a matched resource without usage at zero', () => {
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [vmPrice('vm', {}, '0.0066')],
      usage: [vm('vm-1', {}, [])],
    });
    expect(lines.map((l) => [l.quantity, l.preciseAmount, l.amount])).toEqual([['0', '0', '0.00']]);
  });
});

describe('free allowance', () => {
  it('comes off the line total before pricing and is shared in proportion', () => {
    // 80 + 70 = 150 GB, 100 free: 50 GB x 0.01 = 0.50. lb-2 gets 70/150 of quantity and
    // amount cut at 30 decimals, lb-1 (the larger) the rest.
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [counterPrice('0.01', { freeUnits: '100' })],
      usage: [egress('lb-1', '80'), egress('lb-2', '70')],
    });
    expect(lines.map((l) => [l.quantity, l.preciseAmount, l.amount])).toEqual([
      ['50', '0.5', '0.50'],
    ]);
    expect(lines[0]!.subLines).toEqual([
      {
        resourceId: 'lb-1',
        quantity: '26.' + '6'.repeat(29) + '7',
        preciseAmount: '0.2' + '6'.repeat(28) + '7',
      },
      {
        resourceId: 'lb-2',
        quantity: '23.' + '3'.repeat(30),
        preciseAmount: '0.2' + '3'.repeat(29),
      },
    ]);
  });

  const cases: [string, Price, UsageGroup[], string, string][] = [
    // 120 GB - 100 free = 20 x 0.01 = 0.20
    ['counter', counterPrice('0.01', { freeUnits: '100' }), [egress('lb-1', '120')], '20', '0.20'],
    // usage under the allowance: nothing billed
    [
      'under the allowance',
      counterPrice('0.01', { freeUnits: '100' }),
      [egress('lb-1', '99')],
      '0',
      '0.00',
    ],
    // 12 h - 10 free hours = 2 h x 0.01 = 0.02
    [
      'run time in hours',
      vmPrice('vm', {}, '0.01', { freeUnits: '10' }),
      [vm('vm-1', {}, [12 * H])],
      '2',
      '0.02',
    ],
    // graduated after the allowance: 1,101 - 1,000 free = 101 -> 100 x 0.10 + 1 x 0.05 = 10.05
    [
      'before the tiers',
      {
        ...counterPrice('0', { freeUnits: '1000' }),
        model: {
          type: 'graduated',
          measure: 'quantity',
          tiers: [
            { upTo: '100', unitPrice: '0.10' },
            { upTo: null, unitPrice: '0.05' },
          ],
        },
      },
      [egress('lb-1', '1101')],
      '101',
      '10.05',
    ],
  ];

  it.each(cases)('%s', (_name, price, usage, quantity, amount) => {
    const [line] = ratePeriod({ currency: 'EUR', prices: [price], usage }).lines;
    expect([line!.quantity, line!.amount]).toEqual([quantity, amount]);
  });
});

describe('currencies: one rounding per line, half away from zero at the minor unit', () => {
  // [currency, quantity at 0.0001 per unit, precise, amount]
  const cases: [string, string, string, string][] = [
    ['EUR', '23450', '2.345', '2.35'], // half a cent rounds up
    ['EUR', '23449', '2.3449', '2.34'],
    ['JPY', '5000', '0.5', '1'], // 0 decimals: half a yen rounds up
    ['JPY', '4999', '0.4999', '0'],
    ['JPY', '15000', '1.5', '2'],
    ['KWD', '5', '0.0005', '0.001'], // 3 decimals: half a fils rounds up
    ['KWD', '12345', '1.2345', '1.235'],
    ['KWD', '12344', '1.2344', '1.234'],
    ['KWD', '12500', '1.25', '1.250'], // always the currency's number of decimals
  ];

  it.each(cases)('%s: %s units -> %s -> %s', (currency, quantity, precise, amount) => {
    const { lines } = ratePeriod({
      currency,
      prices: [counterPrice('0.0001')],
      usage: [egress('lb-1', quantity)],
    });
    expect(lines.map((l) => [l.preciseAmount, l.amount])).toEqual([[precise, amount]]);
  });

  it('rounds each line once, not each sub-line', () => {
    // three resources at 0.004 each: sub-lines would round to 0.00 each; the line 0.012 -> 0.01
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [counterPrice('0.004')],
      usage: [egress('a', '1'), egress('b', '1'), egress('c', '1')],
    });
    expect(lines.map((l) => [l.preciseAmount, l.amount])).toEqual([['0.012', '0.01']]);
  });
});

describe('minimum commitment', () => {
  const line = (lineId: string, amount: string): RatedLine => ({
    lineId,
    priceId: lineId,
    meter: 'm',
    dimensions: {},
    quantity: '1',
    unit: 'unit',
    unitPrice: amount,
    preciseAmount: amount,
    amount,
    subLines: [],
  });
  const topUp = (amount: string, unitPrice = amount): RatedLine => ({
    lineId: 'minimum-commitment',
    priceId: 'minimum-commitment',
    meter: '',
    dimensions: {},
    quantity: '1',
    unit: 'commitment',
    unitPrice,
    preciseAmount: unitPrice,
    amount,
    subLines: [],
  });

  it('tops up a total below the commitment to exactly the commitment', () => {
    // 12.30 + 5.01 = 17.31; 20 - 17.31 = 2.69
    const lines = [line('a', '12.30'), line('b', '5.01')];
    expect(applyMinimumCommitment(lines, '20', 'EUR')).toEqual([...lines, topUp('2.69')]);
  });

  it('adds nothing at or above the commitment', () => {
    const lines = [line('a', '12.30'), line('b', '7.70')];
    expect(applyMinimumCommitment(lines, '20', 'EUR')).toEqual(lines);
    expect(applyMinimumCommitment(lines, '19.99', 'EUR')).toEqual(lines);
  });

  it('sums the rounded amounts, as the invoice does', () => {
    // precise 0.004 rounds to 0.00, so a commitment of 0.01 needs a 0.01 top-up
    const lines = [{ ...line('a', '0.00'), preciseAmount: '0.004' }];
    expect(applyMinimumCommitment(lines, '0.01', 'EUR')).toEqual([...lines, topUp('0.01')]);
  });

  it('works in currencies without minor units and is idempotent', () => {
    // 999 JPY, commitment 1,000: top-up 1
    const once = applyMinimumCommitment([line('a', '999')], '1000', 'JPY');
    expect(once).toEqual([line('a', '999'), topUp('1')]);
    expect(applyMinimumCommitment(once, '1000', 'JPY')).toEqual(once);
  });

  it('rejects a commitment that is not a whole number of minor units', () => {
    expect(codeOf(() => applyMinimumCommitment([], '20.005', 'EUR'))).toEqual('invalid_commitment');
    expect(codeOf(() => applyMinimumCommitment([], '1.5', 'JPY'))).toEqual('invalid_commitment');
  });
});

function codeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a BillingError';
  }
  return null;
}

describe('validation: the whole period fails with a code, never half an invoice', () => {
  const base: RatePeriodInput = {
    currency: 'EUR',
    prices: [vmPrice('vm', {})],
    usage: [vm('vm-1', {})],
  };
  const withModel = (model: unknown): RatePeriodInput => ({
    ...base,
    prices: [{ ...vmPrice('vm', {}), model: model as PriceModel }],
  });
  const cases: [string, RatePeriodInput, string][] = [
    ['an unknown currency', { ...base, currency: 'eur' }, 'invalid_currency'],
    [
      'a price id used twice',
      { ...base, prices: [vmPrice('vm', {}), vmPrice('vm', { a: 'b' })] },
      'duplicate_price_id',
    ],
    [
      'an exponent in a price',
      withModel({ type: 'run_time', unit: 'hour', unitPrice: '1e-3' }),
      'invalid_price',
    ],
    ['a negative price', withModel({ type: 'counter', unitPrice: '-1' }), 'invalid_price'],
    [
      'a month of run time',
      withModel({ type: 'run_time', unit: 'month', unitPrice: '1' }),
      'invalid_price',
    ],
    [
      'a fractional increment',
      withModel({
        type: 'run_time',
        unit: 'second',
        unitPrice: '1',
        roundingIncrementSeconds: 0.5,
      }),
      'invalid_price',
    ],
    [
      'a zero divisor',
      withModel({ type: 'counter', unitPrice: '1', unitDivisor: '0' }),
      'invalid_price',
    ],
    [
      'a zero package',
      withModel({ type: 'package', measure: 'quantity', packageSize: '0', packagePrice: '1' }),
      'invalid_price',
    ],
    ['an unknown model', withModel({ type: 'flat', amount: '1' }), 'invalid_price'],
    ['no tiers', withModel({ type: 'volume', measure: 'quantity', tiers: [] }), 'invalid_price'],
    [
      'a closed last tier',
      withModel({
        type: 'graduated',
        measure: 'quantity',
        tiers: [{ upTo: '10', unitPrice: '1' }],
      }),
      'invalid_price',
    ],
    [
      'tiers out of order',
      withModel({
        type: 'graduated',
        measure: 'quantity',
        tiers: [
          { upTo: '10', unitPrice: '1' },
          { upTo: '10', unitPrice: '1' },
          { upTo: null, unitPrice: '1' },
        ],
      }),
      'invalid_price',
    ],
    [
      'a free allowance with a cap',
      {
        ...base,
        prices: [
          {
            ...vmPrice('vm', {}),
            freeUnits: '1',
            model: { type: 'run_time', unit: 'hour', unitPrice: '1', periodCapAmount: '5' },
          },
        ],
      },
      'invalid_price',
    ],
    [
      'seconds that are not the runs',
      { ...base, usage: [{ ...vm('vm-1', {}), seconds: '3599' }] },
      'invalid_usage',
    ],
    [
      'seconds finer than a millisecond',
      { ...base, usage: [{ ...vm('vm-1', {}, []), seconds: '0.0001' }] },
      'invalid_usage',
    ],
    ['a negative run', { ...base, usage: [vm('vm-1', {}, [-1])] }, 'invalid_usage'],
    ['a fractional run', { ...base, usage: [vm('vm-1', {}, [0.5])] }, 'invalid_usage'],
    ['a bad quantity', { ...base, usage: [egress('lb-1', '1,5')] }, 'invalid_usage'],
    [
      'the same usage twice',
      { ...base, usage: [vm('vm-1', { a: 'b' }), vm('vm-1', { a: 'b' })] },
      'duplicate_usage',
    ],
  ];

  it.each(cases)('%s', (_name, input, code) => {
    expect(codeOf(() => ratePeriod(input))).toEqual(code);
  });
});
