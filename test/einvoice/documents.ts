import type { DocumentParty, InvoiceDocument } from '../../domain/documents/invoice-document';
import { assembleInvoice, type Coupon, type TaxRate } from '../../domain/invoice';
import type { TaxCategoryName } from '../../domain/invoice/tax-categories';
import type { RatedLine } from '../../domain/rating/rated-line';

/** A rated line as the tests describe it: amount and what the documents print. */
export interface LineSpec {
  lineId: string;
  amount: string;
  meter?: string;
  dimensions?: Record<string, string>;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  taxRateIds?: string[];
  /** The line's tax category (its price's, or the customer's override); default standard. */
  taxCategory?: TaxCategoryName;
}

export interface DocumentSpec {
  kind?: InvoiceDocument['kind'];
  number: string;
  currency: string;
  timezone?: string;
  issuedAtMs?: number;
  dueAtMs?: number | null;
  periodStartMs?: number;
  periodEndMs?: number;
  lines: LineSpec[];
  coupons?: Coupon[];
  taxRates?: TaxRate[];
  lineTaxRates?: TaxRate[];
  creditBalance?: string;
  issuer?: Partial<DocumentParty>;
  customer?: Partial<DocumentParty & { id: string }>;
  paymentInstructions?: Partial<InvoiceDocument['paymentInstructions']>;
  precedingInvoiceNumber?: string | null;
  reason?: string | null;
}

export const ISSUER: DocumentParty = {
  name: 'Cloudy Infra GmbH',
  addressLines: ['Friedrichstr. 1', '10117 Berlin'],
  countryCode: 'DE',
  vatId: 'DE123456789',
  email: 'billing@cloudy.example',
};

export const CUSTOMER: DocumentParty & { id: string } = {
  id: 'cus-42',
  name: 'Acme Analytics SAS',
  addressLines: ['12 rue de la Paix', 'Bâtiment B', '75002 Paris'],
  countryCode: 'FR',
  vatId: 'FR12345678901',
  email: 'ap@acme.example',
};

/** March 2026 in Berlin: [2026-03-01T00:00+01:00, 2026-04-01T00:00+02:00). */
export const MARCH_START_MS = Date.UTC(2026, 1, 28, 23, 0);
export const MARCH_END_MS = Date.UTC(2026, 2, 31, 22, 0);

/**
 * An InvoiceDocument whose totals come from the engine's own assembleInvoice, so every
 * fixture is one the engine could have finalized. Returns the line -> tax rate ids map too.
 */
export function aDocument(spec: DocumentSpec): {
  doc: InvoiceDocument;
  lineTaxRateIds: Map<string, string[]>;
} {
  const totals = assembleInvoice({
    invoiceId: `inv-${spec.number}`,
    currency: spec.currency,
    lines: spec.lines.map(({ lineId, amount, taxRateIds, taxCategory }) => ({
      lineId,
      amount,
      ...(taxRateIds === undefined ? {} : { taxRateIds }),
      ...(taxCategory === undefined ? {} : { taxCategory }),
    })),
    coupons: spec.coupons ?? [],
    taxRates: spec.taxRates ?? [],
    lineTaxRates: spec.lineTaxRates ?? [],
    creditBalance: spec.creditBalance ?? '0',
  });
  const lines: RatedLine[] = spec.lines.map((line) => ({
    lineId: line.lineId,
    priceId: `price-${line.lineId}`,
    meter: line.meter ?? 'compute.vm',
    dimensions: line.dimensions ?? {},
    quantity: line.quantity ?? '1',
    unit: line.unit ?? 'hour',
    unitPrice: line.unitPrice ?? line.amount,
    preciseAmount: line.amount,
    amount: line.amount,
    subLines: [],
  }));
  const kind = spec.kind ?? 'invoice';
  const doc: InvoiceDocument = {
    kind,
    id: `inv-${spec.number}`,
    number: spec.number,
    issuedAtMs: spec.issuedAtMs ?? Date.UTC(2026, 2, 31, 22, 30),
    dueAtMs:
      spec.dueAtMs === undefined
        ? kind === 'invoice'
          ? Date.UTC(2026, 4, 1, 22, 30)
          : null
        : spec.dueAtMs,
    periodStartMs: spec.periodStartMs ?? MARCH_START_MS,
    periodEndMs: spec.periodEndMs ?? MARCH_END_MS,
    timezone: spec.timezone ?? 'Europe/Berlin',
    locale: 'de-DE',
    currency: spec.currency,
    issuer: { ...ISSUER, ...spec.issuer },
    customer: { ...CUSTOMER, ...spec.customer },
    paymentInstructions: {
      iban: 'DE89 3704 0044 0532 0130 00',
      bic: 'COBADEFFXXX',
      note: 'Pay within 30 days quoting the invoice number.',
      ...spec.paymentInstructions,
    },
    precedingInvoiceNumber: spec.precedingInvoiceNumber ?? null,
    reason: spec.reason ?? null,
    lines,
    discounts: totals.discounts,
    taxes: totals.taxes,
    subtotal: totals.subtotal,
    totalDiscount: totals.totalDiscount,
    totalExcludingTax: totals.totalExcludingTax,
    totalTax: totals.totalTax,
    total: totals.total,
    creditsApplied: totals.creditsApplied,
    amountDue: totals.amountDue,
  };
  const lineTaxRateIds = new Map(totals.lines.map((line) => [line.lineId, line.taxRateIds]));
  return { doc, lineTaxRateIds };
}
