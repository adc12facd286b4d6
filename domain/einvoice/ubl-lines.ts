import { Decimal, isDecimalString } from '../decimal';
import type { RatedLine } from '../rating/rated-line';
import { lineDescription, sortedDimensions } from './line-text';
import type { LineReferences } from './project-references';
import type { TaxCategory } from './tax-categories';
import type { UblLine } from './ubl-amounts';
import { unitCodeFor } from './unit-codes';
import { branch, leaf, type XmlElement } from './xml';

const amount = (name: string, value: string, currency: string): XmlElement | null =>
  leaf(name, value, { currencyID: currency });

/**
 * A TaxCategory / ClassifiedTaxCategory. The exemption reason (BT-120) belongs to the VAT
 * breakdown only; Peppol flags it on lines and allowances (UBL-CR rules).
 */
export function taxCategory(
  name: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory',
  category: TaxCategory,
  withExemptionReason: boolean,
): XmlElement | null {
  return branch(name, [
    leaf('cbc:ID', category.code),
    leaf('cbc:Percent', category.percent),
    leaf('cbc:TaxExemptionReason', withExemptionReason ? category.exemptionReason : null),
    branch('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
  ]);
}

/**
 * Quantity and price of a line. EN 16931 wants LineExtensionAmount = quantity x price /
 * base quantity (PEPPOL-EN16931-R120, within 0.02), and BT-146 must be >= 0. Our unit
 * prices carry many decimals and are rounded once per line, so quantity x unitPrice only
 * approximates the amount, and for inclusive-tax lines the net unit price would not even
 * terminate. So the price is stated for the whole quantity: PriceAmount = the line's net
 * amount, BaseQuantity (BT-149) = the billed quantity. quantity x (price / base) is then
 * the line amount exactly, the real quantity and unit code stay in InvoicedQuantity, and the
 * rated unit price is printed in Item/Description. A quantity that is not a positive
 * decimal (0 for a minimum-commitment top-up, which Peppol's positive BaseQuantity rule
 * R121 rejects) is invoiced as 1 C62 with the price as is.
 */
function quantityAndPrice(line: RatedLine): { quantity: string; unitCode: string; base: boolean } {
  if (isDecimalString(line.quantity) && new Decimal(line.quantity).gt(0)) {
    return { quantity: line.quantity, unitCode: unitCodeFor(line.unit), base: true };
  }
  return { quantity: '1', unitCode: 'C62', base: false };
}

export function documentLine(
  kind: 'invoice' | 'credit_note',
  ublLine: UblLine,
  currency: string,
  /** The line's project references (BT-133 cost center, BT-127 purchase order note). */
  references: LineReferences | null = null,
): XmlElement | null {
  const { line, category, netAmount } = ublLine;
  const { quantity, unitCode, base } = quantityAndPrice(line);
  const invoice = kind === 'invoice';
  return branch(invoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine', [
    leaf('cbc:ID', line.lineId),
    leaf('cbc:Note', references?.note ?? null),
    leaf(invoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity', quantity, { unitCode }),
    amount('cbc:LineExtensionAmount', netAmount, currency),
    leaf('cbc:AccountingCost', references?.accountingCost ?? null),
    branch('cac:Item', [
      leaf(
        'cbc:Description',
        `${line.quantity} ${line.unit} at ${line.unitPrice} ${currency} per ${line.unit}`,
      ),
      leaf('cbc:Name', lineDescription(line.meter, line.dimensions)),
      branch('cac:SellersItemIdentification', [leaf('cbc:ID', line.priceId)]),
      taxCategory('cac:ClassifiedTaxCategory', category, false),
      ...sortedDimensions(line.dimensions).map(([key, value]) =>
        value === ''
          ? null
          : branch('cac:AdditionalItemProperty', [leaf('cbc:Name', key), leaf('cbc:Value', value)]),
      ),
    ]),
    branch('cac:Price', [
      amount('cbc:PriceAmount', netAmount, currency),
      base ? leaf('cbc:BaseQuantity', quantity, { unitCode }) : null,
    ]),
  ]);
}
