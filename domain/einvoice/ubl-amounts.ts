import type { InvoiceDocument } from '../documents/invoice-document';
import { Decimal } from '../decimal';
import type { RatedLine } from '../rating/rated-line';
import { assertSame, printMoney, readMoney, sumMoney } from './amounts';
import { netAmounts } from './net-amounts';
import { assignLineCategories, type LineTaxRateIds, type TaxCategory } from './tax-categories';

export interface UblLine {
  line: RatedLine;
  category: TaxCategory;
  /** BT-131: net of VAT, before document-level allowances. */
  netAmount: string;
}

/** A document-level allowance (BG-20): one per coupon and tax category it touched. */
export interface UblAllowance {
  couponId: string;
  category: TaxCategory;
  /** Net of VAT. */
  amount: string;
}

export interface UblTaxSubtotal {
  category: TaxCategory;
  taxableAmount: string;
  taxAmount: string;
}

/** BG-22, in the order UBL's LegalMonetaryTotal prints it. */
export interface UblMonetaryTotal {
  lineExtensionAmount: string;
  taxExclusiveAmount: string;
  taxInclusiveAmount: string;
  allowanceTotalAmount: string;
  prepaidAmount: string;
  payableAmount: string;
}

export interface UblAmounts {
  lines: UblLine[];
  allowances: UblAllowance[];
  taxSubtotals: UblTaxSubtotal[];
  taxAmount: string;
  monetaryTotal: UblMonetaryTotal;
}

interface Group {
  category: TaxCategory;
  lines: RatedLine[];
}

/**
 * The EN 16931 amounts of a document, computed from its lines, discount allocations and tax
 * breakdown with decimals, and checked against the document's own totals:
 *
 *   Discounts are document-level allowances, one per coupon and tax category (the coupon's
 *   allocations to that category's lines), so lines keep their rated amounts and the
 *   coupons stay visible to the buyer's ERP. Per category:
 *     taxable (BT-116) = sum(line net) - sum(allowances)            (BR-S-08, BR-Z-08, ...)
 *   Exclusive rates and untaxed lines: line net = line amount, allowance = allocations.
 *   Inclusive rates: amounts are gross and UBL is always net, so with L = round(sum(gross
 *   lines) / (1 + p)) the lines get L split over their gross amounts by largest remainder
 *   and the allowances get A = L - taxable split over the coupons' gross allocations. Then
 *   sum(line net) - A = taxable exactly, the breakdown's own rounding.
 *   Example, 20% inclusive, lines 12.00 + 6.00, coupon 1.80 (1.20 + 0.60):
 *     taxable = round(16.20 / 1.2) = 13.50, L = round(18.00 / 1.2) = 15.00 -> 10.00 + 5.00,
 *     A = 15.00 - 13.50 = 1.50; tax = 16.20 - 13.50 = 2.70.
 *
 *   BT-106 = sum(line net); BT-107 = sum(allowances); BT-109 = BT-106 - BT-107 = totalExcludingTax;
 *   BT-110 = sum(category tax) = totalTax; BT-112 = BT-109 + BT-110 = total;
 *   BT-113 = creditsApplied; BT-115 = BT-112 - BT-113 = amountDue.
 * Any equation that fails throws einvoice_totals_mismatch.
 */
export function computeUblAmounts(
  doc: InvoiceDocument,
  lineTaxRateIds?: LineTaxRateIds,
): UblAmounts {
  const { currency, number } = doc;
  const money = (value: string, field: string): Decimal => readMoney(value, currency, field);
  const lineAmounts = doc.lines.map((line) => money(line.amount, `line ${line.lineId} amount`));
  assertSame(
    number,
    'subtotal = sum(line amounts)',
    money(doc.subtotal, 'subtotal'),
    sumMoney(lineAmounts),
  );
  const allocations = readAllocations(doc);
  assertSame(
    number,
    'totalDiscount = sum(discounts)',
    money(doc.totalDiscount, 'totalDiscount'),
    sumMoney(
      doc.discounts.map((discount) => money(discount.amount, `discount ${discount.couponId}`)),
    ),
  );

  const categories = assignLineCategories(doc, lineTaxRateIds);
  const lines: UblLine[] = [];
  const allowances: UblAllowance[] = [];
  const taxSubtotals: UblTaxSubtotal[] = [];
  for (const group of groupByCategory(doc, categories)) {
    const gross = group.lines.map((line) => money(line.amount, `line ${line.lineId} amount`));
    const couponGross = doc.discounts.map((discount) =>
      sumMoney(
        group.lines.map(
          (line) => allocations.get(`${discount.couponId}\n${line.lineId}`) ?? new Decimal(0),
        ),
      ),
    );
    const { lineNets, allowanceNets } = netAmounts(
      doc,
      group.category.breakdown,
      gross,
      couponGross,
    );
    const taxable = sumMoney(lineNets).minus(sumMoney(allowanceNets));
    const { breakdown } = group.category;
    if (breakdown !== null) {
      assertSame(
        number,
        `taxable(${breakdown.taxRateId}) = sum(line net) - sum(allowances)`,
        money(breakdown.taxableAmount, `tax ${breakdown.taxRateId} taxableAmount`),
        taxable,
      );
    }
    group.lines.forEach((line, index) => {
      lines.push({
        line,
        category: group.category,
        netAmount: printMoney(lineNets[index] ?? new Decimal(0), currency),
      });
    });
    doc.discounts.forEach((discount, index) => {
      const amount = allowanceNets[index] ?? new Decimal(0);
      if (!amount.isZero()) {
        allowances.push({
          couponId: discount.couponId,
          category: group.category,
          amount: printMoney(amount, currency),
        });
      }
    });
    taxSubtotals.push({
      category: group.category,
      taxableAmount: printMoney(taxable, currency),
      taxAmount: breakdown === null ? printMoney(new Decimal(0), currency) : breakdown.taxAmount,
    });
  }

  const lineExtension = sumMoney(lines.map((line) => new Decimal(line.netAmount)));
  const allowanceTotal = sumMoney(allowances.map((allowance) => new Decimal(allowance.amount)));
  const taxExclusive = lineExtension.minus(allowanceTotal);
  assertSame(
    number,
    'BT-109 = BT-106 - BT-107 = totalExcludingTax',
    money(doc.totalExcludingTax, 'totalExcludingTax'),
    taxExclusive,
  );
  const taxAmount = sumMoney(taxSubtotals.map((subtotal) => new Decimal(subtotal.taxAmount)));
  assertSame(
    number,
    'BT-110 = sum(category tax) = totalTax',
    money(doc.totalTax, 'totalTax'),
    taxAmount,
  );
  const taxInclusive = taxExclusive.plus(taxAmount);
  assertSame(number, 'BT-112 = BT-109 + BT-110 = total', money(doc.total, 'total'), taxInclusive);
  const prepaid = money(doc.creditsApplied, 'creditsApplied');
  assertSame(
    number,
    'BT-115 = BT-112 - BT-113 = amountDue',
    money(doc.amountDue, 'amountDue'),
    taxInclusive.minus(prepaid),
  );

  return {
    lines: inDocumentOrder(doc, lines),
    allowances,
    taxSubtotals,
    taxAmount: printMoney(taxAmount, currency),
    monetaryTotal: {
      lineExtensionAmount: printMoney(lineExtension, currency),
      taxExclusiveAmount: printMoney(taxExclusive, currency),
      taxInclusiveAmount: printMoney(taxInclusive, currency),
      allowanceTotalAmount: printMoney(allowanceTotal, currency),
      prepaidAmount: printMoney(prepaid, currency),
      payableAmount: printMoney(taxInclusive.minus(prepaid), currency),
    },
  };
}

/** Allocations by `${couponId}\n${lineId}`; each coupon's allocations must sum to it. */
function readAllocations(doc: InvoiceDocument): Map<string, Decimal> {
  const lineIds = new Set(doc.lines.map((line) => line.lineId));
  const byKey = new Map<string, Decimal>();
  for (const discount of doc.discounts) {
    const parts = discount.allocations.map((allocation) => {
      const amount = readMoney(
        allocation.amount,
        doc.currency,
        `discount ${discount.couponId} allocation`,
      );
      if (!lineIds.has(allocation.lineId)) {
        assertSame(
          doc.number,
          `allocation of ${discount.couponId} to unknown line ${allocation.lineId}`,
          new Decimal(0),
          amount,
        );
      }
      const key = `${discount.couponId}\n${allocation.lineId}`;
      byKey.set(key, (byKey.get(key) ?? new Decimal(0)).plus(amount));
      return amount;
    });
    assertSame(
      doc.number,
      `discount ${discount.couponId} = sum(allocations)`,
      readMoney(discount.amount, doc.currency, `discount ${discount.couponId}`),
      sumMoney(parts),
    );
  }
  return byKey;
}

/** Categories in the order of the document's tax breakdown; untaxed lines last. */
function groupByCategory(
  doc: InvoiceDocument,
  categories: ReadonlyMap<string, TaxCategory>,
): Group[] {
  const groups = new Map<TaxCategory, RatedLine[]>();
  for (const line of doc.lines) {
    const category = categories.get(line.lineId);
    if (category === undefined) continue; // assignLineCategories covers every line
    groups.set(category, [...(groups.get(category) ?? []), line]);
  }
  const rank = (category: TaxCategory): number =>
    category.breakdown === null ? doc.taxes.length : doc.taxes.indexOf(category.breakdown);
  return [...groups.entries()]
    .map(([category, lines]) => ({ category, lines }))
    .sort((a, b) => rank(a.category) - rank(b.category));
}

/** Lines back in the document's order (they were computed per category). */
function inDocumentOrder(doc: InvoiceDocument, lines: readonly UblLine[]): UblLine[] {
  const byLine = new Map(lines.map((ublLine) => [ublLine.line, ublLine]));
  return doc.lines.flatMap((line) => byLine.get(line) ?? []);
}
