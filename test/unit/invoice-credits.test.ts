import fc from 'fast-check';
import { Decimal } from '../../domain/decimal';
import {
  assembleInvoice,
  creditBalance,
  creditBalanceOfTotals,
  type CreditLedgerEntry,
  type InvoiceLineInput,
  type TaxRate,
} from '../../domain/invoice';
import { BillingError } from '../../domain/errors';
import { VAT_10, VAT_20 } from '../fixtures/tax-rates';
import { propertyRuns } from '../support/property-runs';

const grant = (reference: string, amount: string): CreditLedgerEntry => ({
  kind: 'grant',
  amount,
  reference,
});
const consumption = (reference: string, amount: string): CreditLedgerEntry => ({
  kind: 'consumption',
  amount,
  reference,
});

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof BillingError ? error.code : 'not_a_billing_error';
  }
  return undefined;
}

describe('creditBalance: grants minus consumptions', () => {
  it.each<[string, string, CreditLedgerEntry[], string]>([
    ['an empty ledger', 'EUR', [], '0.00'],
    // 100.00 + 25.50 - 30.25 = 95.25
    [
      'grants and a consumption',
      'EUR',
      [grant('g-1', '100.00'), grant('g-2', '25.50'), consumption('invoice:inv-1', '30.25')],
      '95.25',
    ],
    // The same consumption read twice (a retried write) counts once: 100.00 - 30.25 = 69.75
    [
      'an identical entry twice counts once',
      'EUR',
      [
        grant('g-1', '100.00'),
        consumption('invoice:inv-1', '30.25'),
        consumption('invoice:inv-1', '30.25'),
      ],
      '69.75',
    ],
    // A grant and a consumption may share a reference: they are different keys. 10 - 10 = 0
    [
      'grant and consumption with one reference',
      'EUR',
      [grant('x', '10'), consumption('x', '10')],
      '0.00',
    ],
    // 10.00 - 15.00 = -5.00: the ledger says so; assembly applies no negative credit
    [
      'an overdrawn ledger',
      'EUR',
      [grant('g-1', '10.00'), consumption('invoice:inv-1', '15.00')],
      '-5.00',
    ],
    // 1000 - 1 = 999
    ['JPY', 'JPY', [grant('g-1', '1000'), consumption('invoice:inv-1', '1')], '999'],
    // 1.250 - 0.125 = 1.125
    ['KWD', 'KWD', [grant('g-1', '1.25'), consumption('invoice:inv-1', '0.125')], '1.125'],
  ])('%s', (_name, currency, entries, expected) => {
    expect(creditBalance(entries, currency)).toEqual(expected);
  });

  it.each<[string, CreditLedgerEntry[], string]>([
    [
      'two amounts under one key',
      [grant('g-1', '10.00'), grant('g-1', '20.00')],
      'conflicting_credit_entry',
    ],
    ['more decimals than the currency', [grant('g-1', '10.001')], 'invalid_amount'],
    ['a negative amount', [grant('g-1', '-10.00')], 'invalid_amount'],
  ])('rejects %s', (_name, entries, code) => {
    expect(errorCode(() => creditBalance(entries, 'EUR'))).toEqual(code);
  });
});

describe('creditBalanceOfTotals: the balance from the sums per kind', () => {
  it.each<[string, string, { granted: string; consumed: string }, string]>([
    ['nothing granted or consumed', 'EUR', { granted: '0', consumed: '0' }, '0.00'],
    // 125.50 - 30.25 = 95.25
    ['grants and a consumption', 'EUR', { granted: '125.50', consumed: '30.25' }, '95.25'],
    // 10.00 - 15.00 = -5.00
    ['an overdrawn ledger', 'EUR', { granted: '10.00', consumed: '15.00' }, '-5.00'],
    // 1.250 - 0.125 = 1.125
    ['three decimals', 'KWD', { granted: '1.25', consumed: '0.125' }, '1.125'],
    // 1000 - 1 = 999
    ['no decimals', 'JPY', { granted: '1000', consumed: '1' }, '999'],
  ])('%s', (_name, currency, totals, expected) => {
    expect(creditBalanceOfTotals(totals, currency)).toEqual(expected);
  });

  it('rejects a sum with more decimals than the currency', () => {
    expect(
      errorCode(() => creditBalanceOfTotals({ granted: '10.001', consumed: '0' }, 'EUR')),
    ).toEqual('invalid_amount');
  });

  // What the repository sums per kind (each (kind, reference) key once, as the table's key
  // holds it) settles to the balance of the entries themselves.
  it('equals creditBalance over the same entries', () => {
    const entry = fc.record({
      kind: fc.constantFrom<'grant' | 'consumption'>('grant', 'consumption'),
      reference: fc.string({ minLength: 1, maxLength: 4 }),
      cents: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => `${e.kind}:${e.reference}`, maxLength: 40 }),
        (drawn) => {
          const entries = drawn.map(({ kind, reference, cents }) => ({
            kind,
            reference,
            amount: new Decimal(cents).div(100).toFixed(2),
          }));
          const sum = (kind: 'grant' | 'consumption') =>
            entries
              .filter((e) => e.kind === kind)
              .reduce((total, e) => total.plus(e.amount), new Decimal(0))
              .toString();
          expect(
            creditBalanceOfTotals({ granted: sum('grant'), consumed: sum('consumption') }, 'EUR'),
          ).toEqual(creditBalance(entries, 'EUR'));
        },
      ),
      propertyRuns(200),
    );
  });
});

interface CreditCase {
  name: string;
  currency: string;
  lines: InvoiceLineInput[];
  taxRates: TaxRate[];
  balance: string;
  expected: {
    total: string;
    creditsApplied: string;
    amountDue: string;
    creditConsumption: CreditLedgerEntry | null;
  };
}

// 100.00 + VAT 20% = 120.00 in every EUR case.
const ONE_HUNDRED = [{ lineId: 'a', amount: '100.00' }];

const cases: CreditCase[] = [
  {
    // min(50.00, 120.00) = 50.00; due 120.00 - 50.00 = 70.00
    name: 'credits smaller than the total',
    currency: 'EUR',
    lines: ONE_HUNDRED,
    taxRates: [VAT_20],
    balance: '50.00',
    expected: {
      total: '120.00',
      creditsApplied: '50.00',
      amountDue: '70.00',
      creditConsumption: consumption('invoice:inv-1', '50.00'),
    },
  },
  {
    // Credits apply after tax: min(200.00, 120.00) = 120.00 (not 100.00); due 0.00
    name: 'credits bigger than the total',
    currency: 'EUR',
    lines: ONE_HUNDRED,
    taxRates: [VAT_20],
    balance: '200.00',
    expected: {
      total: '120.00',
      creditsApplied: '120.00',
      amountDue: '0.00',
      creditConsumption: consumption('invoice:inv-1', '120.00'),
    },
  },
  {
    name: 'credits equal to the total',
    currency: 'EUR',
    lines: ONE_HUNDRED,
    taxRates: [VAT_20],
    balance: '120.00',
    expected: {
      total: '120.00',
      creditsApplied: '120.00',
      amountDue: '0.00',
      creditConsumption: consumption('invoice:inv-1', '120.00'),
    },
  },
  {
    name: 'no credits: nothing to record',
    currency: 'EUR',
    lines: ONE_HUNDRED,
    taxRates: [VAT_20],
    balance: '0',
    expected: {
      total: '120.00',
      creditsApplied: '0.00',
      amountDue: '120.00',
      creditConsumption: null,
    },
  },
  {
    // max(-5.00, 0) = 0: an overdrawn ledger never raises the amount due
    name: 'a negative balance applies nothing',
    currency: 'EUR',
    lines: ONE_HUNDRED,
    taxRates: [VAT_20],
    balance: '-5.00',
    expected: {
      total: '120.00',
      creditsApplied: '0.00',
      amountDue: '120.00',
      creditConsumption: null,
    },
  },
  {
    name: 'zero invoice: credits untouched',
    currency: 'EUR',
    lines: [],
    taxRates: [VAT_20],
    balance: '10.00',
    expected: { total: '0.00', creditsApplied: '0.00', amountDue: '0.00', creditConsumption: null },
  },
  {
    // 1333 + round(133.3) = 1466; min(500, 1466) = 500; due 966
    name: 'JPY',
    currency: 'JPY',
    lines: [
      { lineId: 'a', amount: '1000' },
      { lineId: 'b', amount: '333' },
    ],
    taxRates: [VAT_10],
    balance: '500',
    expected: {
      total: '1466',
      creditsApplied: '500',
      amountDue: '966',
      creditConsumption: consumption('invoice:inv-1', '500'),
    },
  },
  {
    // 1.585 + round(0.1585) = 1.585 + 0.159 = 1.744; min(2.5, 1.744) = 1.744
    name: 'KWD',
    currency: 'KWD',
    lines: [
      { lineId: 'a', amount: '1.250' },
      { lineId: 'b', amount: '0.335' },
    ],
    taxRates: [VAT_10],
    balance: '2.5',
    expected: {
      total: '1.744',
      creditsApplied: '1.744',
      amountDue: '0.000',
      creditConsumption: consumption('invoice:inv-1', '1.744'),
    },
  },
];

describe('assembleInvoice: credits after tax', () => {
  it.each(cases)('$name', ({ currency, lines, taxRates, balance, expected }) => {
    const invoice = assembleInvoice({
      invoiceId: 'inv-1',
      currency,
      lines,
      coupons: [],
      taxRates,
      creditBalance: balance,
    });
    expect({
      total: invoice.total,
      creditsApplied: invoice.creditsApplied,
      amountDue: invoice.amountDue,
      creditConsumption: invoice.creditConsumption,
    }).toEqual(expected);
  });

  it('records one consumption per invoice: replaying it leaves the balance unchanged', () => {
    // balance 100.00 - 20.00 = 80.00; invoice 120.00 takes 80.00, leaving 0.00
    const ledger = [grant('g-1', '100.00'), consumption('invoice:inv-0', '20.00')];
    const invoice = assembleInvoice({
      invoiceId: 'inv-1',
      currency: 'EUR',
      lines: ONE_HUNDRED,
      coupons: [],
      taxRates: [VAT_20],
      creditBalance: creditBalance(ledger, 'EUR'),
    });
    const entry = invoice.creditConsumption!;
    expect(entry).toEqual(consumption('invoice:inv-1', '80.00'));
    expect(creditBalance([...ledger, entry], 'EUR')).toEqual('0.00');
    expect(creditBalance([...ledger, entry, entry], 'EUR')).toEqual('0.00');
  });
});
