import { Decimal } from '../domain/decimal';
import type { DocumentParty, InvoiceDocument } from '../domain/documents/invoice-document';
import type { TaxBreakdown } from '../domain/invoice/types';
import { formatAmount, roundToMinorUnit } from '../domain/money';
import type { RatedLine, RatedSubLine } from '../domain/rating/rated-line';

/**
 * Sample documents for previews (`npm run render:emails`) and template tests. The amounts of
 * the hand-written samples are worked out in the comments, so the totals are those the
 * engine would produce: lines rounded once, VAT on the sum of net amounts, rounded once.
 */

const ISSUER: DocumentParty = {
  name: 'Nimbus Cloud GmbH',
  addressLines: ['Friedrichstraße 123', '10117 Berlin'],
  countryCode: 'DE',
  vatId: 'DE123456789',
  email: 'billing@nimbus.example',
};

const CUSTOMER: InvoiceDocument['customer'] = {
  id: 'cus_acme',
  name: 'Acme Analytics SAS',
  addressLines: ['12 rue de la Paix', '75002 Paris'],
  countryCode: 'FR',
  vatId: 'FR40303265045',
  email: 'accounts@acme.example',
};

function vat19(taxableAmount: string, taxAmount: string): TaxBreakdown {
  const rate = { taxRateId: 'vat-19', name: 'VAT 19%', percentage: '19', inclusive: false };
  return { ...rate, taxableAmount, taxAmount };
}

// November 2026 in Europe/Berlin (CET, +01:00): [2026-10-31T23:00Z, 2026-11-30T23:00Z).
const NOV_2026_BERLIN = { start: Date.UTC(2026, 9, 31, 23), end: Date.UTC(2026, 10, 30, 23) };

/**
 * vm.cpu   720 + 360.5 + 12.25 = 1092.75 h x 0.0416 = 45.4584       -> 45.46
 * storage  100 + 50.5 = 150.5 GB-month x 0.1        = 15.05         -> 15.05
 * adj.     3600 s x 0.0000115                       = 0.0414        -> 0.04
 * subtotal 60.55; WELCOME10 10% = 6.055 -> 6.06; excl. tax 54.49;
 * VAT 19% of 54.49 = 10.3531 -> 10.35; total 64.84; credits 20.00; due 44.84.
 */
export const sampleEurInvoice: InvoiceDocument = {
  kind: 'invoice',
  id: 'inv-cus_acme-1793487600000',
  number: 'INV-2026-000042',
  issuedAtMs: Date.UTC(2026, 11, 1, 2, 0),
  dueAtMs: Date.UTC(2026, 11, 30, 12, 0),
  periodStartMs: NOV_2026_BERLIN.start,
  periodEndMs: NOV_2026_BERLIN.end,
  timezone: 'Europe/Berlin',
  locale: 'en-GB',
  currency: 'EUR',
  issuer: ISSUER,
  customer: CUSTOMER,
  paymentInstructions: {
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    note: 'Please pay by bank transfer within 30 days, quoting the invoice number.',
  },
  precedingInvoiceNumber: null,
  reason: null,
  lines: [
    {
      lineId: 'price_vm_cpu:size=s-2vcpu',
      priceId: 'price_vm_cpu',
      meter: 'vm.cpu',
      dimensions: { size: 's-2vcpu' },
      quantity: '1092.75',
      unit: 'hour',
      unitPrice: '0.0416',
      preciseAmount: '45.4584',
      amount: '45.46',
      subLines: [
        { resourceId: 'vm-web-1', quantity: '720', preciseAmount: '29.952' },
        { resourceId: 'vm-web-2', quantity: '360.5', preciseAmount: '14.9968' },
        { resourceId: 'vm-batch-7', quantity: '12.25', preciseAmount: '0.5096' },
      ],
    },
    {
      lineId: 'price_volume:class=ssd',
      priceId: 'price_volume',
      meter: 'volume.storage',
      dimensions: { class: 'ssd' },
      quantity: '150.5',
      unit: 'GB-month',
      unitPrice: '0.1',
      preciseAmount: '15.05',
      amount: '15.05',
      subLines: [
        { resourceId: 'vol-db-primary', quantity: '100', preciseAmount: '10' },
        { resourceId: 'vol-scratch', quantity: '50.5', preciseAmount: '5.05' },
      ],
    },
    {
      lineId: 'adj-price_vm_cpu_s:size=s-1vcpu:2026-10',
      priceId: 'price_vm_cpu_s',
      meter: 'vm.cpu',
      dimensions: { size: 's-1vcpu' },
      quantity: '3600',
      unit: 'second',
      unitPrice: '0.0000115',
      preciseAmount: '0.0414',
      amount: '0.04',
      subLines: [{ resourceId: 'vm-late-3', quantity: '3600', preciseAmount: '0.0414' }],
    },
  ],
  discounts: [
    {
      couponId: 'WELCOME10',
      amount: '6.06',
      allocations: [
        { lineId: 'price_vm_cpu:size=s-2vcpu', amount: '4.55' },
        { lineId: 'price_volume:class=ssd', amount: '1.51' },
        { lineId: 'adj-price_vm_cpu_s:size=s-1vcpu:2026-10', amount: '0.00' },
      ],
    },
  ],
  taxes: [vat19('54.49', '10.35')],
  subtotal: '60.55',
  totalDiscount: '6.06',
  totalExcludingTax: '54.49',
  totalTax: '10.35',
  total: '64.84',
  creditsApplied: '20.00',
  amountDue: '44.84',
};

/**
 * vm.cpu   2 x 360 h = 720 h x 6.5 JPY = 4680;  storage 250 GB-month x 2.3 = 575
 * subtotal 5255; JCT 10% = 525.5 -> 526; total 5781; due 5781.
 */
export const sampleJpyInvoice: InvoiceDocument = {
  ...sampleEurInvoice,
  id: 'inv-cus_kaito-1793458800000',
  number: 'INV-2026-000043',
  // November 2026 in Asia/Tokyo (+09:00).
  periodStartMs: Date.UTC(2026, 9, 31, 15),
  periodEndMs: Date.UTC(2026, 10, 30, 15),
  issuedAtMs: Date.UTC(2026, 10, 30, 18),
  dueAtMs: Date.UTC(2026, 11, 30, 3),
  timezone: 'Asia/Tokyo',
  locale: 'en-US',
  currency: 'JPY',
  customer: {
    id: 'cus_kaito',
    name: 'Kaito Robotics K.K.',
    addressLines: ['1-2-3 Marunouchi, Chiyoda-ku', 'Tokyo 100-0005'],
    countryCode: 'JP',
    vatId: null,
    email: 'finance@kaito.example',
  },
  paymentInstructions: { iban: null, bic: null, note: 'Pay by card in the customer portal.' },
  lines: [
    {
      lineId: 'price_vm_cpu_jp:size=s-2vcpu',
      priceId: 'price_vm_cpu_jp',
      meter: 'vm.cpu',
      dimensions: { size: 's-2vcpu', region: 'tyo1' },
      quantity: '720',
      unit: 'hour',
      unitPrice: '6.5',
      preciseAmount: '4680',
      amount: '4680',
      subLines: [
        { resourceId: 'vm-tyo-1', quantity: '360', preciseAmount: '2340' },
        { resourceId: 'vm-tyo-2', quantity: '360', preciseAmount: '2340' },
      ],
    },
    {
      lineId: 'price_object_jp:',
      priceId: 'price_object_jp',
      meter: 'storage.object',
      dimensions: {},
      quantity: '250',
      unit: 'GB-month',
      unitPrice: '2.3',
      preciseAmount: '575',
      amount: '575',
      subLines: [{ resourceId: 'bucket-assets', quantity: '250', preciseAmount: '575' }],
    },
  ],
  discounts: [],
  taxes: [
    {
      taxRateId: 'jct-10',
      name: 'JCT 10%',
      percentage: '10',
      inclusive: false,
      taxableAmount: '5255',
      taxAmount: '526',
    },
  ],
  subtotal: '5255',
  totalDiscount: '0',
  totalExcludingTax: '5255',
  totalTax: '526',
  total: '5781',
  creditsApplied: '0',
  amountDue: '5781',
};

/** 100 h x 0.0416 = 4.16; VAT 19% = 0.7904 -> 0.79; total credited 4.95. */
export const sampleCreditNote: InvoiceDocument = {
  ...sampleEurInvoice,
  kind: 'credit_note',
  id: 'cn-2026-000003',
  number: 'CN-2026-000003',
  issuedAtMs: Date.UTC(2026, 11, 4, 9),
  dueAtMs: null,
  precedingInvoiceNumber: 'INV-2026-000042',
  reason: 'Service outage on 12 Nov 2026 in fra1: SLA credit of 100 vCPU-hours.',
  lines: [
    {
      lineId: 'credit-sla-2026-11',
      priceId: 'price_vm_cpu',
      meter: 'vm.cpu',
      dimensions: { size: 's-2vcpu' },
      quantity: '100',
      unit: 'hour',
      unitPrice: '0.0416',
      preciseAmount: '4.16',
      amount: '4.16',
      subLines: [],
    },
  ],
  discounts: [],
  taxes: [vat19('4.16', '0.79')],
  subtotal: '4.16',
  totalDiscount: '0.00',
  totalExcludingTax: '4.16',
  totalTax: '0.79',
  total: '4.95',
  creditsApplied: '0.00',
  amountDue: '0.00',
};

function resourceLine(
  meter: string,
  dimensions: Record<string, string>,
  unit: string,
  unitPrice: string,
  subLines: RatedSubLine[],
): RatedLine {
  const quantity = subLines.reduce((sum, s) => sum.plus(s.quantity), new Decimal(0));
  const precise = subLines.reduce((sum, s) => sum.plus(s.preciseAmount), new Decimal(0));
  return {
    lineId: `price_${meter}:${Object.values(dimensions).join(',')}`,
    priceId: `price_${meter}`,
    meter,
    dimensions,
    quantity: quantity.toFixed(),
    unit,
    unitPrice,
    preciseAmount: precise.toFixed(),
    amount: formatAmount(roundToMinorUnit(precise, 'EUR'), 'EUR'),
    subLines,
  };
}

/**
 * A customer with many resources, for multi-page layout and render-time checks: three
 * quarters VMs (1 to 720 hours at 0.0416), one quarter volumes (GB-months at 0.1), no
 * discount, VAT 19%. Totals are computed the engine's way.
 */
export function buildLargeInvoice(resourceCount: number): InvoiceDocument {
  const vmCount = Math.ceil((resourceCount * 3) / 4);
  const vms: RatedSubLine[] = [];
  const volumes: RatedSubLine[] = [];
  for (let i = 0; i < resourceCount; i += 1) {
    const id = String(i + 1).padStart(5, '0');
    if (i < vmCount) {
      const hours = new Decimal((i * 37) % 720).plus(1);
      const preciseAmount = hours.times('0.0416').toFixed();
      vms.push({ resourceId: `vm-${id}`, quantity: hours.toFixed(), preciseAmount });
    } else {
      const gbMonths = new Decimal((i * 13) % 500).plus('0.25');
      const preciseAmount = gbMonths.times('0.1').toFixed();
      volumes.push({ resourceId: `vol-${id}`, quantity: gbMonths.toFixed(), preciseAmount });
    }
  }
  const lines = [
    resourceLine('vm.cpu', { size: 's-2vcpu' }, 'hour', '0.0416', vms),
    resourceLine('volume.storage', { class: 'ssd' }, 'GB-month', '0.1', volumes),
  ];
  const subtotal = lines.reduce((sum, l) => sum.plus(l.amount), new Decimal(0));
  const tax = roundToMinorUnit(subtotal.times('0.19'), 'EUR');
  const money = (value: Decimal) => formatAmount(value, 'EUR');
  return {
    ...sampleEurInvoice,
    id: 'inv-cus_bigco-1793487600000',
    number: 'INV-2026-000044',
    customer: { ...CUSTOMER, id: 'cus_bigco', name: 'BigCo Hosting Ltd' },
    lines,
    discounts: [],
    taxes: [vat19(money(subtotal), money(tax))],
    subtotal: money(subtotal),
    totalDiscount: '0.00',
    totalExcludingTax: money(subtotal),
    totalTax: money(tax),
    total: money(subtotal.plus(tax)),
    creditsApplied: '0.00',
    amountDue: money(subtotal.plus(tax)),
  };
}

export const sampleLargeInvoice: InvoiceDocument = buildLargeInvoice(2000);

/** Every sample by a file-name-friendly key. */
export const SAMPLE_DOCUMENTS: Readonly<Record<string, InvoiceDocument>> = {
  'eur-invoice': sampleEurInvoice,
  'jpy-invoice': sampleJpyInvoice,
  'credit-note': sampleCreditNote,
  'large-invoice': sampleLargeInvoice,
};
