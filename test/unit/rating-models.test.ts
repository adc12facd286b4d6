import { Decimal } from '../../domain/decimal';
import {
  ratePeriod,
  type Price,
  type PriceModel,
  type RatedLine,
  type Tier,
  type UsageGroup,
} from '../../domain/rating';

const HOUR = 3_600;

/** One usage group; seconds and runs agree (one run of `seconds`, or none). */
function usage(
  resourceId: string,
  fields: { seconds?: number; quantitySeconds?: string; quantity?: string },
): UsageGroup {
  const seconds = fields.seconds ?? 0;
  return {
    resourceId,
    meter: 'm',
    dimensions: {},
    seconds: String(seconds),
    quantitySeconds: fields.quantitySeconds ?? '0',
    quantity: fields.quantity ?? '0',
    runs: seconds === 0 ? [] : [{ durationMs: seconds * 1000, quantity: '1' }],
  };
}

function rate(model: PriceModel, groups: UsageGroup[], extra: Partial<Price> = {}): RatedLine {
  const price: Price = { id: 'p', meter: 'm', dimensionsFilter: {}, groupBy: [], model, ...extra };
  const { lines } = ratePeriod({ currency: 'EUR', prices: [price], usage: groups });
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** [quantity, unitPrice, preciseAmount, amount] of a line. */
const figures = (line: RatedLine): string[] => [
  line.quantity,
  line.unitPrice,
  line.preciseAmount,
  line.amount,
];

describe('quantity_time', () => {
  const cases: {
    name: string;
    model: PriceModel;
    quantitySeconds: string;
    expected: string[];
  }[] = [
    // 100 GB for 100 s = 10,000 GB-s x 0.000001 = 0.01
    {
      name: 'GB-second',
      model: { type: 'quantity_time', unit: 'second', unitPrice: '0.000001' },
      quantitySeconds: '10000',
      expected: ['10000', '0.000001', '0.01', '0.01'],
    },
    // 100 GB for 2 h = 720,000 GB-s = 200 GB-h x 0.0001 = 0.02
    {
      name: 'GB-hour',
      model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.0001' },
      quantitySeconds: '720000',
      expected: ['200', '0.0001', '0.02', '0.02'],
    },
    // 100 GB for 73 h = 26,280,000 GB-s / 2,628,000 (730 h) = 10 GB-month x 0.05 = 0.50
    {
      name: 'GB-month of 730 hours',
      model: { type: 'quantity_time', unit: 'month', unitPrice: '0.05' },
      quantitySeconds: '26280000',
      expected: ['10', '0.05', '0.5', '0.50'],
    },
    // 1 GB for a 30-day month = 2,592,000 GB-s = 2,592,000 / 2,628,000 = 72/73 GB-month;
    // x 0.73 = 0.72 exactly (the price is divided once, after the multiplication)
    {
      name: 'GB-month over a 30-day month',
      model: { type: 'quantity_time', unit: 'month', unitPrice: '0.73' },
      quantitySeconds: '2592000',
      expected: [new Decimal(72).div(73).toFixed(), '0.73', '0.72', '0.72'],
    },
    // byte-seconds with a divisor: 5e9 bytes x 3,600 s = 1.8e13 byte-s / 1e9 / 3,600 = 5 GB-h
    {
      name: 'byte-seconds to GB-hours',
      model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.01', unitDivisor: '1000000000' },
      quantitySeconds: '18000000000000',
      expected: ['5', '0.01', '0.05', '0.05'],
    },
  ];

  it.each(cases)('$name', ({ model, quantitySeconds, expected }) => {
    expect(figures(rate(model, [usage('vol-1', { quantitySeconds })]))).toEqual(expected);
  });
});

describe('counter', () => {
  const cases: { name: string; model: PriceModel; quantity: string; expected: string[] }[] = [
    // 1,234 requests x 0.0001 = 0.1234 -> 0.12
    {
      name: 'per unit',
      model: { type: 'counter', unitPrice: '0.0001' },
      quantity: '1234',
      expected: ['1234', '0.0001', '0.1234', '0.12'],
    },
    // 2,500,000,000 bytes / 1e9 = 2.5 GB x 0.01 = 0.025 -> 0.03 (half up at half a cent)
    {
      name: 'bytes to GB',
      model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000000000' },
      quantity: '2500000000',
      expected: ['2.5', '0.01', '0.025', '0.03'],
    },
    // 3 x 1,073,741,824 bytes = 3 GiB x 0.01 = 0.03
    {
      name: 'bytes to GiB',
      model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1073741824' },
      quantity: '3221225472',
      expected: ['3', '0.01', '0.03', '0.03'],
    },
    // 1 byte = 1/1,073,741,824 GiB = 9.31322574615478515625e-10 (a power of two terminates)
    {
      name: 'one byte in GiB',
      model: { type: 'counter', unitPrice: '1', unitDivisor: '1073741824' },
      quantity: '1',
      expected: [
        '0.000000000931322574615478515625',
        '1',
        '0.000000000931322574615478515625',
        '0.00',
      ],
    },
  ];

  it.each(cases)('$name', ({ model, quantity, expected }) => {
    expect(figures(rate(model, [usage('lb-1', { quantity })]))).toEqual(expected);
  });
});

describe('package', () => {
  const calls: PriceModel = {
    type: 'package',
    measure: 'quantity',
    packageSize: '1000',
    packagePrice: '2',
  };
  // [quantity, usage, packages, amount]: ceil(usage / 1,000) x 2.00
  const cases: [string, PriceModel, string, Partial<Price>, string, string][] = [
    ['no usage', calls, '0', {}, '0', '0.00'],
    ['one call starts a package', calls, '1', {}, '1', '2.00'],
    ['exactly one package', calls, '1000', {}, '1', '2.00'],
    ['one past a package', calls, '1001', {}, '2', '4.00'],
    ['2,001 calls -> 3 packages', calls, '2001', {}, '3', '6.00'],
    // 2,001 - 1,000 free = 1,001 -> 2 packages
    ['after a free allowance', calls, '2001', { freeUnits: '1000' }, '2', '4.00'],
    // fractional usage: 1000.5 -> 2 packages
    ['a fraction past a package', calls, '1000.5', {}, '2', '4.00'],
  ];

  it.each(cases)('%s', (_name, model, quantity, extra, packages, amount) => {
    const line = rate(model, [usage('api-1', { quantity })], extra);
    expect([line.quantity, line.unit, line.unitPrice, line.amount]).toEqual([
      packages,
      'package',
      '2',
      amount,
    ]);
  });

  it('on run time in hours: 10 h + 1 s in packages of 10 h -> 2 packages', () => {
    const model: PriceModel = {
      type: 'package',
      measure: 'seconds',
      unit: 'hour',
      packageSize: '10',
      packagePrice: '1',
    };
    expect(rate(model, [usage('vm-1', { seconds: 10 * HOUR + 1 })]).amount).toEqual('2.00');
  });

  it('splits the packages and the amount over the resources in proportion', () => {
    // 600 + 900 calls = 1,500 -> 2 packages = 4.00; b (the larger) takes the rest
    const line = rate(calls, [usage('a', { quantity: '600' }), usage('b', { quantity: '900' })]);
    expect(line.subLines).toEqual([
      { resourceId: 'a', quantity: '0.8', preciseAmount: '1.6' }, // 2 x 600/1,500; 4 x 600/1,500
      { resourceId: 'b', quantity: '1.2', preciseAmount: '2.4' },
    ]);
  });
});

describe('graduated and volume tiers on the same usage', () => {
  const tiers: Tier[] = [
    { upTo: '100', unitPrice: '0.10' },
    { upTo: '1000', unitPrice: '0.05' },
    { upTo: null, unitPrice: '0.01' },
  ];
  const flatTiers: Tier[] = [
    { upTo: '100', unitPrice: '0', flatPrice: '5' },
    { upTo: '1000', unitPrice: '0.05', flatPrice: '10' },
    { upTo: null, unitPrice: '0.01', flatPrice: '20' },
  ];
  // [units, graduated, volume]
  const cases: [Tier[], string, string, string][] = [
    [tiers, '0', '0.00', '0.00'], // no units, no charge
    [tiers, '50', '5.00', '5.00'], // 50 x 0.10 either way
    [tiers, '100', '10.00', '10.00'], // at upTo: still tier 1 (inclusive)
    [tiers, '101', '10.05', '5.05'], // 100 x 0.10 + 1 x 0.05 | 101 x 0.05
    [tiers, '1000', '55.00', '50.00'], // 10 + 900 x 0.05 | 1,000 x 0.05
    [tiers, '1001', '55.01', '10.01'], // 10 + 45 + 1 x 0.01 | 1,001 x 0.01
    [tiers, '100.5', '10.03', '5.03'], // 10 + 0.5 x 0.05 = 10.025 | 100.5 x 0.05 = 5.025 (half up)
    [flatTiers, '0', '0.00', '0.00'], // no units: no flat price either
    [flatTiers, '1', '5.00', '5.00'], // flat 5 (tier 1 at 0 per unit)
    [flatTiers, '100', '5.00', '5.00'],
    [flatTiers, '101', '15.05', '15.05'], // 5 + (0.05 + 10) | 101 x 0.05 + 10
    [flatTiers, '1001', '80.01', '30.01'], // 5 + (45 + 10) + (0.01 + 20) | 10.01 + 20
  ];

  it.each(cases)('%#: %s units', (tierList, units, graduated, volume) => {
    const group = [usage('r-1', { quantity: units })];
    const rated = (type: 'graduated' | 'volume'): string =>
      rate({ type, measure: 'quantity', tiers: tierList }, group).amount;
    expect([rated('graduated'), rated('volume')]).toEqual([graduated, volume]);
  });

  it('reports the effective unit price', () => {
    // 1,001 units: graduated 55.01 / 1,001; volume 10.01 / 1,001 = 0.01
    const line = rate({ type: 'volume', measure: 'quantity', tiers }, [
      usage('r-1', { quantity: '1001' }),
    ]);
    expect(figures(line)).toEqual(['1001', '0.01', '10.01', '10.01']);
  });

  it('tiers over GB-months and hours', () => {
    // 100 GB for 146 h = 52,560,000 GB-s = 20 GB-months: 10 x 0.10 + 10 x 0.05 = 1.50
    const storage = rate(
      {
        type: 'graduated',
        measure: 'quantitySeconds',
        unit: 'month',
        tiers: [
          { upTo: '10', unitPrice: '0.10' },
          { upTo: null, unitPrice: '0.05' },
        ],
      },
      [usage('vol-1', { quantitySeconds: '52560000' })],
    );
    expect(figures(storage)).toEqual(['20', '0.075', '1.5', '1.50']);
    // 150 h of run time: 100 x 0.01 + 50 x 0.005 = 1.25
    const compute = rate(
      {
        type: 'graduated',
        measure: 'seconds',
        unit: 'hour',
        tiers: [
          { upTo: '100', unitPrice: '0.01' },
          { upTo: null, unitPrice: '0.005' },
        ],
      },
      [usage('vm-1', { seconds: 150 * HOUR })],
    );
    expect(figures(compute)).toEqual([
      '150',
      new Decimal('1.25').div(150).toFixed(),
      '1.25',
      '1.25',
    ]);
  });

  it('splits the line over the resources in proportion, adding up exactly', () => {
    // 60 + 41 = 101 units, graduated: 10.05. r-2: 10.05 x 41/101 = 412.05/101
    // = 4.0797 0297 0297 ... cut at 30 decimals; r-1 (the larger) takes the rest.
    const line = rate({ type: 'graduated', measure: 'quantity', tiers }, [
      usage('r-2', { quantity: '41' }),
      usage('r-1', { quantity: '60' }),
    ]);
    const r2 = '4.' + '0797' + '0297'.repeat(6) + '02';
    const r1 = '5.' + '9702' + '9702'.repeat(6) + '98'; // 10.05 - r2
    expect(line.preciseAmount).toEqual('10.05');
    expect(line.subLines).toEqual([
      { resourceId: 'r-1', quantity: '60', preciseAmount: r1 },
      { resourceId: 'r-2', quantity: '41', preciseAmount: r2 },
    ]);
    expect(new Decimal(r1).plus(r2).toFixed()).toEqual('10.05');
  });
});
