import fc from 'fast-check';
import { Decimal } from '../../domain/decimal';
import { draftInvoice } from '../../domain/invoice';
import { sumDecimals } from '../../domain/money';
import { allocateToParts } from '../../domain/projects/allocate-to-projects';
import { withProject } from '../../domain/projects/project-dimension';
import { ratePeriod, type Price, type RatedLine, type UsageGroup } from '../../domain/rating';
import { propertyRuns } from '../support/property-runs';

/** Egress of one bucket, in a project (null: the account). */
function egress(resourceId: string, quantity: string, projectId: string | null): UsageGroup {
  return {
    resourceId,
    meter: 'network.egress',
    dimensions: withProject({}, projectId) ?? {},
    seconds: '0',
    quantitySeconds: '0',
    quantity,
    runs: [],
  };
}

/** Up to 100 GB at 0.10, above at 0.05. */
const graduated: Price = {
  id: 'egress',
  meter: 'network.egress',
  dimensionsFilter: {},
  model: {
    type: 'graduated',
    measure: 'quantity',
    tiers: [
      { upTo: '100', unitPrice: '0.10' },
      { upTo: null, unitPrice: '0.05' },
    ],
  },
};

const brief = (lines: RatedLine[]) =>
  lines.map((line) => [line.lineId, line.projectId ?? null, line.quantity, line.amount]);

describe('organization-wide pricing, allocated to projects', () => {
  it('two projects on one graduated price cross a tier neither reaches alone', () => {
    // Alone: 80 x 0.10 = 8.00 and 60 x 0.10 = 6.00 (14.00). Together 140 GB:
    // 100 x 0.10 + 40 x 0.05 = 12.00, split by units: web 6.857142..., data 5.142857...
    // -> 685.71 / 514.29 cents -> 685 + 514 = 1199, the last cent to web (.71): 6.86 + 5.14.
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [graduated],
      usage: [egress('bucket-web', '80', 'web'), egress('bucket-data', '60', 'data')],
    });
    expect(brief(lines)).toEqual([
      ['egress:[]#data', 'data', '60', '5.14'],
      ['egress:[]#web', 'web', '80', '6.86'],
    ]);
    expect(lines.map((line) => line.dimensions)).toEqual([{}, {}]);
    expect(lines[0]?.subLines).toEqual([
      {
        resourceId: 'bucket-data',
        quantity: '60',
        preciseAmount: '5.142857142857142857142857142857',
        projectId: 'data',
      },
    ]);
  });

  it('a free allowance counts the whole organization', () => {
    // 100 GB free over 80 + 60: 40 GB at 0.01 = 0.40, by units web 0.2285..., data 0.1714...
    // -> 22.86 / 17.14 cents -> 22 + 17 = 39, the last cent to web (.86): 0.23 + 0.17.
    const counter: Price = {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: {},
      freeUnits: '100',
      model: { type: 'counter', unitPrice: '0.01' },
    };
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [counter],
      usage: [egress('bucket-web', '80', 'web'), egress('bucket-data', '60', 'data')],
    });
    expect(brief(lines).map(([id, , , amount]) => [id, amount])).toEqual([
      ['egress:[]#data', '0.17'],
      ['egress:[]#web', '0.23'],
    ]);
  });

  it("the account's own usage keeps the line id; projects get their own part", () => {
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [graduated],
      usage: [egress('b1', '10', null), egress('b2', '10', 'web')],
    });
    expect(brief(lines)).toEqual([
      ['egress:[]', null, '10', '1.00'],
      ['egress:[]#web', 'web', '10', '1.00'],
    ]);
    expect(Object.hasOwn(lines[0] as object, 'projectId')).toEqual(false);
  });

  it('a line without projects is exactly what it was', () => {
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [graduated],
      usage: [egress('b1', '120', null)],
    });
    expect(lines).toEqual([
      {
        lineId: 'egress:[]',
        priceId: 'egress',
        meter: 'network.egress',
        dimensions: {},
        quantity: '120',
        unit: 'unit',
        unitPrice: '0.091666666666666666666666666666666666666666666666667',
        preciseAmount: '11',
        amount: '11.00',
        subLines: [{ resourceId: 'b1', quantity: '120', preciseAmount: '11' }],
      },
    ]);
  });

  it('a price that groups by the project prices each project on its own', () => {
    const { lines } = ratePeriod({
      currency: 'EUR',
      prices: [{ ...graduated, groupBy: ['$project'] }],
      usage: [egress('bucket-web', '80', 'web'), egress('bucket-data', '60', 'data')],
    });
    expect(lines.map((line) => [line.projectId, line.amount])).toEqual([
      ['data', '6.00'],
      ['web', '8.00'],
    ]);
  });

  it("the minimum commitment's top-up is shared by what each project was charged", () => {
    // Lines web 12.30 and data 5.01 (17.31), commitment 20.00 -> top-up 2.69 split
    // 1230 : 501 -> 191.13 / 77.87 cents -> 191 + 77 = 268, the last cent to data (.87).
    const counter: Price = {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: {},
      model: { type: 'counter', unitPrice: '0.01' },
    };
    const draft = draftInvoice({
      customerId: 'c1',
      period: { startMs: 0, endMs: 1 },
      terms: { planId: 'p', currency: 'EUR', prices: [counter], minimumCommitment: '20' },
      usage: [egress('bucket-web', '1230', 'web'), egress('bucket-data', '501', 'data')],
    });
    expect(draft.lines.map((line) => [line.lineId, line.projectId ?? null, line.amount])).toEqual([
      ['egress:[]#data', 'data', '5.01'],
      ['egress:[]#web', 'web', '12.30'],
      ['minimum-commitment#data', 'data', '0.78'],
      ['minimum-commitment#web', 'web', '1.91'],
    ]);
    expect(draft.totals.subtotal).toEqual('20.00');
  });
});

describe('allocation remainders', () => {
  it.each<[string, string, string[], string, string[]]>([
    ['ties go to the earlier part', '0.10', ['1', '1', '1'], 'EUR', ['0.04', '0.03', '0.03']],
    ['a credit splits like a charge', '-0.10', ['1', '1', '1'], 'EUR', ['-0.04', '-0.03', '-0.03']],
    ['the largest remainder wins', '1.00', ['1', '2', '4'], 'EUR', ['0.14', '0.29', '0.57']],
    ['no weight: the first part takes it', '0.05', ['0', '0'], 'EUR', ['0.05', '0']],
    ['a currency without decimals', '10', ['1', '1', '1'], 'JPY', ['4', '3', '3']],
    ['three decimals', '0.010', ['2', '1'], 'KWD', ['0.007', '0.003']],
  ])('%s', (_name, amount, weights, currency, expected) => {
    const shares = allocateToParts(
      new Decimal(amount),
      weights.map((w) => new Decimal(w)),
      currency,
    );
    expect(shares.map((s) => s.toFixed())).toEqual(expected.map((e) => new Decimal(e).toFixed()));
    expect(sumDecimals(shares).eq(amount)).toEqual(true);
  });
});

describe('random splits over projects (property)', () => {
  const PROJECTS = [null, 'a', 'b', 'c'];
  const prices: Price[] = [
    graduated,
    {
      id: 'vol',
      meter: 'network.ingress',
      dimensionsFilter: {},
      freeUnits: '3',
      model: {
        type: 'volume',
        measure: 'quantity',
        tiers: [
          { upTo: '10', unitPrice: '0.333' },
          { upTo: null, unitPrice: '0.1234', flatPrice: '1.01' },
        ],
      },
    },
  ];
  const usageArb = fc.array(
    fc.record({
      meter: fc.constantFrom('network.egress', 'network.ingress'),
      project: fc.constantFrom(...PROJECTS),
      quantity: fc.integer({ min: 0, max: 100_000 }).map((n) => new Decimal(n).div(1000).toFixed()),
    }),
    { minLength: 1, maxLength: 12 },
  );

  it("projects' parts of a line sum to the line rated without projects, cent for cent", () => {
    fc.assert(
      fc.property(usageArb, (drafts) => {
        const usage = drafts.map((d, i): UsageGroup => ({
          ...egress(`r${i}`, d.quantity, d.project),
          meter: d.meter,
        }));
        const plain = usage.map((group) => ({ ...group, dimensions: {} }));
        const withProjects = ratePeriod({ currency: 'EUR', prices, usage }).lines;
        const organization = ratePeriod({ currency: 'EUR', prices, usage: plain }).lines;
        for (const line of organization) {
          const parts = withProjects.filter((part) => part.lineId.split('#')[0] === line.lineId);
          const total = sumDecimals(parts.map((part) => new Decimal(part.amount)));
          expect(total.toFixed(2)).toEqual(line.amount);
          for (const part of parts) {
            // Largest remainder: each part is within one cent of its exact share.
            const exact = new Decimal(line.amount)
              .times(part.preciseAmount)
              .div(line.preciseAmount === '0' ? 1 : line.preciseAmount);
            expect(exact.minus(part.amount).abs().lt('0.01')).toEqual(true);
            expect(new Decimal(part.amount).isNeg()).toEqual(false);
          }
        }
        expect(withProjects.length).toBeGreaterThanOrEqual(organization.length);
      }),
      propertyRuns(),
    );
  });
});
