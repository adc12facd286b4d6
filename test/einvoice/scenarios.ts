import type { TaxRate } from '../../domain/invoice';
import { aDocument } from './documents';

export const VAT_19: TaxRate = {
  id: 'vat-19',
  name: 'VAT 19%',
  percentage: '19',
  inclusive: false,
};
export const VAT_7: TaxRate = { id: 'vat-7', name: 'VAT 7%', percentage: '7', inclusive: false };
export const VAT_20_INCL: TaxRate = {
  id: 'vat-20-incl',
  name: 'VAT 20% incl.',
  percentage: '20',
  inclusive: true,
};
export const JCT_10: TaxRate = {
  id: 'jct-10',
  name: 'JCT 10%',
  percentage: '10',
  inclusive: false,
};

/**
 * EUR, VAT 19% exclusive, coupon 10%, credit balance 5.00.
 *   lines 12.31 (720 h) + 4.40 (100 GB-month) + 0.13 (12.5 GB)      subtotal 16.84
 *   coupon 10%: 1.684 -> 1.68, split 168 cents over 1231/440/13:
 *     122.81, 43.90, 1.30 -> floors 166, +1 to B (.90), +1 to A (.81) -> 1.23, 0.44, 0.01
 *   taxable 15.16, VAT 15.16 x 0.19 = 2.8804 -> 2.88, total 18.04
 *   credits 5.00, amount due 13.04
 */
export const eurCouponCredits = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000042',
    currency: 'EUR',
    taxRates: [VAT_19],
    coupons: [{ id: 'WELCOME10', kind: 'percentage', percentage: '10', duration: 'once' }],
    creditBalance: '5.00',
    lines: [
      {
        lineId: 'price-vm:size=large',
        amount: '12.31',
        meter: 'compute.vm',
        dimensions: { size: 'large', region: 'eu-central' },
        quantity: '720',
        unit: 'hour',
        unitPrice: '0.0171',
      },
      {
        lineId: 'price-storage',
        amount: '4.40',
        meter: 'storage.volume',
        quantity: '100',
        unit: 'GB-month',
        unitPrice: '0.044',
      },
      {
        lineId: 'price-egress',
        amount: '0.13',
        meter: 'network.egress',
        quantity: '12.5',
        unit: 'GB',
        unitPrice: '0.01',
      },
    ],
  });

/** JPY (no minor unit), JCT 10%: 1234 + round(123.4) = 1357. Tokyo dates. */
export const jpy = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000007',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
    // March 2026 in Tokyo (UTC+9), issued 2026-04-01 07:30 local.
    periodStartMs: Date.UTC(2026, 1, 28, 15, 0),
    periodEndMs: Date.UTC(2026, 2, 31, 15, 0),
    taxRates: [JCT_10],
    paymentInstructions: { iban: null, bic: null, note: null },
    issuer: { vatId: 'JP1234567890123', countryCode: 'JP', addressLines: ['1-1 Chiyoda', 'Tokyo'] },
    customer: { countryCode: 'JP', vatId: null, addressLines: [] },
    lines: [
      { lineId: 'vm', amount: '1234', quantity: '3600', unit: 'second', unitPrice: '0.342777' },
    ],
  });

/**
 * EUR, VAT 20% inclusive, coupon 10%: the gross lines 10.00 + 3.35 + 0.10 = 13.45;
 * coupon 1.35 (1.00 + 0.34 + 0.01), gross after discount 12.10;
 * taxable = round(12.10 / 1.2) = 10.08, tax 2.02.
 * UBL nets: L = round(13.45 / 1.2) = 11.21 split over 1000/335/10 by largest remainder:
 *   833.457, 279.208, 8.334 -> floors 1120, +1 to the first -> 8.34, 2.79, 0.08;
 *   allowance = 11.21 - 10.08 = 1.13.
 */
export const inclusiveVat = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000043',
    currency: 'EUR',
    taxRates: [VAT_20_INCL],
    coupons: [{ id: 'TEN', kind: 'percentage', percentage: '10', duration: 'forever' }],
    lines: [
      { lineId: 'a', amount: '10.00', quantity: '1000', unit: 'minute', unitPrice: '0.01' },
      { lineId: 'b', amount: '3.35', quantity: '335', unit: 'GB-hour', unitPrice: '0.01' },
      { lineId: 'c', amount: '0.10', quantity: '0', unit: 'commitment', unitPrice: '0' },
    ],
  });

/** A credit note of 5.00 + 19% = 5.95 against INV-2026-000042. */
export const creditNote = (): ReturnType<typeof aDocument> =>
  aDocument({
    kind: 'credit_note',
    number: 'CN-2026-000003',
    currency: 'EUR',
    taxRates: [VAT_19],
    precedingInvoiceNumber: 'INV-2026-000042',
    reason: 'Outage credit <SLA> & goodwill',
    lines: [
      { lineId: 'vm', amount: '5.00', quantity: '300', unit: 'hour', unitPrice: '0.0166666667' },
    ],
  });

/** Two rates on different lines (19% and 7%): needs the line -> rate map. */
export const twoRates = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000044',
    currency: 'EUR',
    taxRates: [VAT_19],
    lineTaxRates: [VAT_7],
    coupons: [
      { id: 'FIVE', kind: 'fixed_amount', amount: '5.00', currency: 'EUR', duration: 'once' },
    ],
    lines: [
      { lineId: 'vm', amount: '40.00', quantity: '2400', unit: 'hour', unitPrice: '0.0166666667' },
      { lineId: 'books', amount: '10.00', quantity: '1', unit: 'package', taxRateIds: ['vat-7'] },
    ],
  });

/** No tax at all, issuer without VAT id (category O), names that need escaping. */
export const untaxedEscaping = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000045',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    // March 2026 in Los Angeles (PST, then PDT from March 8); issued 2026-03-31 15:30 local.
    periodStartMs: Date.UTC(2026, 2, 1, 8, 0),
    periodEndMs: Date.UTC(2026, 3, 1, 7, 0),
    issuer: {
      name: 'Smith & Wesson <Cloud> "LLC"',
      vatId: null,
      countryCode: 'US',
      addressLines: ['1 Market St', 'San Francisco, CA 94105'],
    },
    customer: { name: "O'Brien & Co", vatId: null, countryCode: 'US' },
    paymentInstructions: { iban: null, bic: null },
    lines: [
      {
        lineId: 'vm',
        amount: '7.25',
        dimensions: { project: 'a&b<c>' },
        quantity: '725',
        unit: 'second',
        unitPrice: '0.01',
      },
    ],
  });

/** No rate on the line, VAT-registered issuer: category E. */
export const exempt = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000046',
    currency: 'EUR',
    lines: [{ lineId: 'line-1', amount: '3.00' }],
  });

/** A configured 0% rate: category Z. */
export const zeroRated = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000047',
    currency: 'EUR',
    taxRates: [{ id: 'zero', name: 'VAT 0%', percentage: '0', inclusive: false }],
    lines: [{ lineId: 'line-1', amount: '3.00' }],
  });

/** The customer's reduced rate: it taxes the lines of reduced prices only. */
export const VAT_7_REDUCED: TaxRate = { ...VAT_7, id: 'vat-7-reduced', category: 'reduced' };

/**
 * Tax categories per price: a standard, a reduced and an exempt line; the customer has VAT 19%
 * (standard) and VAT 7% (reduced).
 *   vm 10.00 standard: 10.00 x 0.19 = 1.90     (S 19%)
 *   ebook 5.00 reduced: 5.00 x 0.07 = 0.35     (S 7%, EN 16931 has no AA)
 *   training 2.00 exempt: 0.00                 (E 0%, "Exempt from VAT")
 *   subtotal 17.00, tax 2.25, total 19.25
 */
export const mixedCategories = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000048',
    currency: 'EUR',
    taxRates: [VAT_19, VAT_7_REDUCED],
    lines: [
      { lineId: 'vm', amount: '10.00', quantity: '600', unit: 'hour', unitPrice: '0.0166666667' },
      { lineId: 'ebook', amount: '5.00', unit: 'package', taxCategory: 'reduced' },
      { lineId: 'training', amount: '2.00', unit: 'package', taxCategory: 'exempt' },
    ],
  });

/**
 * Reverse charge (the customer's override, EU B2B: DE issuer, FR customer, both with VAT
 * ids): every line is AE at 0% whatever its price says, coupon 10% included.
 *   lines 12.31 + 4.40 = 16.71; coupon 1.671 -> 1.67; taxable 15.04, tax 0.00, total 15.04
 */
export const reverseCharge = (): ReturnType<typeof aDocument> =>
  aDocument({
    number: 'INV-2026-000049',
    currency: 'EUR',
    taxRates: [VAT_19, VAT_7_REDUCED],
    coupons: [{ id: 'WELCOME10', kind: 'percentage', percentage: '10', duration: 'once' }],
    lines: [
      {
        lineId: 'vm',
        amount: '12.31',
        quantity: '720',
        unit: 'hour',
        unitPrice: '0.0171',
        taxCategory: 'reverse_charge',
      },
      {
        lineId: 'storage',
        amount: '4.40',
        quantity: '100',
        unit: 'GB-month',
        unitPrice: '0.044',
        taxCategory: 'reverse_charge',
      },
    ],
  });

export const ALL_SCENARIOS = {
  mixedCategories,
  reverseCharge,
  exempt,
  zeroRated,
  eurCouponCredits,
  jpy,
  inclusiveVat,
  creditNote,
  twoRates,
  untaxedEscaping,
};
