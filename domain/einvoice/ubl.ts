import { Decimal } from '../decimal';
import type { InvoiceDocument } from '../documents/invoice-document';
import { isoDateInZone, periodDatesInZone } from './dates';
import type { LineTaxRateIds } from './tax-categories';
import { computeUblAmounts, type UblAmounts } from './ubl-amounts';
import { documentLine, taxCategory } from './ubl-lines';
import { projectReferences } from './project-references';
import { party } from './ubl-party';
import { branch, leaf, root, serializeXml, type XmlElement } from './xml';

/** Peppol BIS Billing 3.0 on EN 16931 (the same two ids for invoices and credit notes). */
export const PEPPOL_CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NAMESPACES = {
  'xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  'xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** UNCL 5189 code 95: "Discount". */
const DISCOUNT_REASON_CODE = '95';

export interface UblOptions {
  /**
   * Which tax rates apply to each line (InvoiceTotals.lines[].taxRateIds). Needed when the
   * document has more than one tax rate; see assignLineCategories.
   */
  lineTaxRateIds?: LineTaxRateIds;
}

/**
 * The UBL 2.1 Invoice (kind 'invoice', type code 380) or CreditNote (kind 'credit_note',
 * type code 381) of a finalized document, per Peppol BIS Billing 3.0. Pure: the same
 * document always gives the same bytes. Throws BillingError einvoice_totals_mismatch when
 * the document's totals do not follow from its lines (see computeUblAmounts) and
 * einvoice_unsupported_taxes when a line's VAT category cannot be stated.
 */
export function toUblXml(doc: InvoiceDocument, options: UblOptions = {}): string {
  const lineTaxRateIds =
    options.lineTaxRateIds ??
    (doc.lineTaxRateIds === undefined ? undefined : new Map(Object.entries(doc.lineTaxRateIds)));
  const amounts = computeUblAmounts(doc, lineTaxRateIds);
  const references = projectReferences(doc);
  const invoice = doc.kind === 'invoice';
  const { currency, timezone } = doc;
  const money = (name: string, value: string): XmlElement | null =>
    leaf(name, value, { currencyID: currency });
  const period = periodDatesInZone(doc.periodStartMs, doc.periodEndMs, timezone);
  // BR-O-02..04: an invoice with category O carries neither party's VAT id.
  const includeVatIds = !amounts.taxSubtotals.some((subtotal) => subtotal.category.code === 'O');

  const document = root(
    invoice ? 'Invoice' : 'CreditNote',
    [
      leaf('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
      leaf('cbc:ProfileID', PEPPOL_PROFILE_ID),
      leaf('cbc:ID', doc.number),
      leaf('cbc:IssueDate', isoDateInZone(doc.issuedAtMs, timezone)),
      invoice && doc.dueAtMs !== null
        ? leaf('cbc:DueDate', isoDateInZone(doc.dueAtMs, timezone))
        : null,
      leaf(invoice ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode', invoice ? '380' : '381'),
      leaf('cbc:Note', doc.reason),
      leaf('cbc:DocumentCurrencyCode', currency),
      leaf('cbc:BuyerReference', doc.customer.id),
      branch('cac:InvoicePeriod', [
        leaf('cbc:StartDate', period.startDate),
        leaf('cbc:EndDate', period.endDate),
      ]),
      // BT-13: the purchase order the projects of a central invoice are billed against.
      branch('cac:OrderReference', [leaf('cbc:ID', references.orderReference)]),
      // BG-3: the invoice a credit note corrects.
      invoice
        ? null
        : branch('cac:BillingReference', [
            branch('cac:InvoiceDocumentReference', [leaf('cbc:ID', doc.precedingInvoiceNumber)]),
          ]),
      branch('cac:AccountingSupplierParty', [party(doc.issuer, { includeVatId: includeVatIds })]),
      branch('cac:AccountingCustomerParty', [
        party(doc.customer, { includeVatId: includeVatIds, partyId: doc.customer.id }),
      ]),
      ...(invoice ? paymentElements(doc) : []),
      ...amounts.allowances.map((allowance) =>
        branch('cac:AllowanceCharge', [
          leaf('cbc:ChargeIndicator', 'false'),
          leaf('cbc:AllowanceChargeReasonCode', DISCOUNT_REASON_CODE),
          leaf('cbc:AllowanceChargeReason', `Coupon ${allowance.couponId}`),
          money('cbc:Amount', allowance.amount),
          taxCategory('cac:TaxCategory', allowance.category, false),
        ]),
      ),
      taxTotal(amounts, money),
      legalMonetaryTotal(amounts, money),
      ...amounts.lines.map((line) =>
        documentLine(doc.kind, line, currency, references.lines.get(line.line.lineId) ?? null),
      ),
    ],
    {
      xmlns: `urn:oasis:names:specification:ubl:schema:xsd:${invoice ? 'Invoice' : 'CreditNote'}-2`,
      ...NAMESPACES,
    },
  );
  return serializeXml(document);
}

/**
 * BG-16 payment instructions, invoices only (a credit note's payable amount is owed to the
 * buyer, so the issuer's account would be wrong there). Means code (UNCL 4461): 58 SEPA
 * credit transfer for an IBAN and EUR, 30 credit transfer for an IBAN in another currency
 * (BR-61 wants the account for both), 1 "not defined" without an IBAN. PaymentID (BT-83)
 * is the invoice number, the remittance reference the buyer should quote.
 */
function paymentElements(doc: InvoiceDocument): (XmlElement | null)[] {
  const { iban, bic, note } = doc.paymentInstructions;
  const account = iban === null ? '' : iban.replace(/\s+/g, '').toUpperCase();
  const code = account === '' ? '1' : doc.currency === 'EUR' ? '58' : '30';
  return [
    branch('cac:PaymentMeans', [
      leaf('cbc:PaymentMeansCode', code),
      leaf('cbc:PaymentID', doc.number),
      branch('cac:PayeeFinancialAccount', [
        leaf('cbc:ID', account),
        account === '' ? null : branch('cac:FinancialInstitutionBranch', [leaf('cbc:ID', bic)]),
      ]),
    ]),
    branch('cac:PaymentTerms', [leaf('cbc:Note', note)]),
  ];
}

type Money = (name: string, value: string) => XmlElement | null;

function taxTotal(amounts: UblAmounts, money: Money): XmlElement | null {
  return branch('cac:TaxTotal', [
    money('cbc:TaxAmount', amounts.taxAmount),
    ...amounts.taxSubtotals.map((subtotal) =>
      branch('cac:TaxSubtotal', [
        money('cbc:TaxableAmount', subtotal.taxableAmount),
        money('cbc:TaxAmount', subtotal.taxAmount),
        taxCategory('cac:TaxCategory', subtotal.category, true),
      ]),
    ),
  ]);
}

/** BT-107 only when there are allowances, BT-113 only when credits were applied. */
function legalMonetaryTotal(amounts: UblAmounts, money: Money): XmlElement | null {
  const total = amounts.monetaryTotal;
  return branch('cac:LegalMonetaryTotal', [
    money('cbc:LineExtensionAmount', total.lineExtensionAmount),
    money('cbc:TaxExclusiveAmount', total.taxExclusiveAmount),
    money('cbc:TaxInclusiveAmount', total.taxInclusiveAmount),
    amounts.allowances.length > 0
      ? money('cbc:AllowanceTotalAmount', total.allowanceTotalAmount)
      : null,
    new Decimal(total.prepaidAmount).isZero()
      ? null
      : money('cbc:PrepaidAmount', total.prepaidAmount),
    money('cbc:PayableAmount', total.payableAmount),
  ]);
}
