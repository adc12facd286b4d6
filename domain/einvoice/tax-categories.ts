import type { InvoiceDocument } from '../documents/invoice-document';
import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { EN16931_CATEGORY_CODE, EXEMPTION_REASONS } from '../invoice/tax-categories';
import type { TaxBreakdown } from '../invoice/types';

/**
 * An EN 16931 VAT category (UNCL 5305 code) as our tax data allows us to state it:
 *   S  standard rate: a standard or reduced rate above 0%, with its percent (EN 16931 has no
 *      AA code: a reduced rate is S with its lower percent, one VAT breakdown per rate);
 *   Z  zero rated: a rate of category zero, or a standard/reduced rate configured at 0%;
 *   E  exempt: a rate of category exempt, or a line no rate applies to when the issuer is VAT
 *      registered (has a VAT id; BR-E-02 requires one); percent 0 and an exemption reason
 *      (BR-E-10);
 *   AE reverse charge: a rate of category reverse_charge (e.g. the customer's override for
 *      EU B2B across borders); percent 0 and an exemption reason (BR-AE-10); both parties'
 *      VAT ids are required (BR-AE-02);
 *   O  not subject to VAT: a line no rate applies to, when the issuer has no VAT id
 *      (e.g. a US seller). No percent (BR-O-05), and BR-O-02..04 forbid both parties' VAT
 *      ids on such an invoice, so the UBL then leaves them out.
 * The categories are those of domain/invoice/tax-categories.ts, mapped by EN16931_CATEGORY_CODE.
 */
export interface TaxCategory {
  code: 'S' | 'Z' | 'E' | 'AE' | 'O';
  /** Decimal string, null for O. */
  percent: string | null;
  exemptionReason: string | null;
  /** The rate this category stands for; null for untaxed lines (E/O). */
  breakdown: TaxBreakdown | null;
}

export function categoryOfRate(breakdown: TaxBreakdown): TaxCategory {
  const category = breakdown.category ?? 'standard';
  const code = EN16931_CATEGORY_CODE[category];
  if (code === 'S' || code === 'Z') {
    const zero = new Decimal(breakdown.percentage).isZero();
    return {
      code: zero ? 'Z' : 'S',
      percent: breakdown.percentage,
      exemptionReason: null,
      breakdown,
    };
  }
  return {
    code,
    percent: '0',
    exemptionReason: breakdown.exemptionReason ?? EXEMPTION_REASONS[category] ?? null,
    breakdown,
  };
}

export function untaxedCategory(doc: InvoiceDocument): TaxCategory {
  return doc.issuer.vatId === null || doc.issuer.vatId === ''
    ? { code: 'O', percent: null, exemptionReason: 'Not subject to VAT', breakdown: null }
    : { code: 'E', percent: '0', exemptionReason: 'Exempt from VAT', breakdown: null };
}

/** Line id -> the ids of the tax rates that apply to it ([] = untaxed). */
export type LineTaxRateIds = ReadonlyMap<string, readonly string[]>;

/**
 * The tax category of every line. EN 16931 gives a line exactly one VAT category, so a line
 * with stacked rates (e.g. state + city sales tax) cannot be expressed and is refused.
 *
 * InvoiceDocument does not say which rate taxes which line, so without `lineTaxRateIds` the
 * assignment is only inferred where it is unambiguous: no rates (every line untaxed) or one
 * rate (every line taxed by it; if some line was in fact untaxed, the totals check in
 * computeUblAmounts fails rather than sending a wrong e-invoice). Several rates need the map.
 */
export function assignLineCategories(
  doc: InvoiceDocument,
  lineTaxRateIds: LineTaxRateIds | undefined,
): Map<string, TaxCategory> {
  const byRateId = new Map(doc.taxes.map((tax) => [tax.taxRateId, categoryOfRate(tax)]));
  const untaxed = untaxedCategory(doc);
  const assigned = new Map<string, TaxCategory>();
  for (const line of doc.lines) {
    const ids = lineTaxRateIds?.get(line.lineId) ?? inferredRateIds(doc, lineTaxRateIds);
    if (ids.length > 1) {
      throw new BillingError(
        'einvoice_unsupported_taxes',
        `line ${line.lineId} has ${ids.length} tax rates; EN 16931 allows one VAT category per line`,
        { details: { number: doc.number, lineId: line.lineId, taxRateIds: ids } },
      );
    }
    const id = ids[0];
    const category = id === undefined ? untaxed : byRateId.get(id);
    if (category === undefined) {
      throw new BillingError(
        'einvoice_unsupported_taxes',
        `line ${line.lineId} uses tax rate ${String(id)}, which the document's taxes lack`,
        { details: { number: doc.number, lineId: line.lineId, taxRateId: id } },
      );
    }
    assigned.set(line.lineId, category);
  }
  return assigned;
}

function inferredRateIds(
  doc: InvoiceDocument,
  lineTaxRateIds: LineTaxRateIds | undefined,
): readonly string[] {
  if (lineTaxRateIds !== undefined || doc.taxes.length > 1) {
    throw new BillingError(
      'einvoice_unsupported_taxes',
      `invoice ${doc.number}: which tax rate applies to which line is unknown`,
      { details: { number: doc.number, taxRateIds: doc.taxes.map((tax) => tax.taxRateId) } },
    );
  }
  return doc.taxes.map((tax) => tax.taxRateId);
}
