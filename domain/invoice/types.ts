import type { TaxCategoryName } from './tax-categories';
import type { RatedLine } from '../rating/rated-line';

/**
 * A tax rate as configured for a customer ("VAT 20%", "Sales tax CA 7.25%"). Rates are not
 * compound: every rate of a line is computed on the same base, the line's net amount.
 */
export interface TaxRate {
  id: string;
  /** Printed on documents: "VAT 20%". */
  name: string;
  /** Percent as a decimal string, 0 to 100, at most 6 decimals: "20", "5.5", "8.875". */
  percentage: string;
  /** true: line amounts already contain this tax (gross prices); false: tax is added on top. */
  inclusive: boolean;
  /**
   * The tax category whose lines this rate taxes (domain/invoice/tax-categories.ts); absent =
   * 'standard'. zero, exempt and reverse_charge rates are 0%.
   */
  category?: TaxCategoryName;
}

export type CouponDuration = 'once' | 'repeating' | 'forever';

interface CouponBase {
  id: string;
  /** once: the first billing period; repeating: `durationPeriods` periods; forever: always. */
  duration: CouponDuration;
  /** Required (a positive integer) when duration is 'repeating'. */
  durationPeriods?: number;
}

export interface PercentageCoupon extends CouponBase {
  kind: 'percentage';
  /** Percent off, decimal string from 0 to 100: "10", "12.5". */
  percentage: string;
}

export interface FixedAmountCoupon extends CouponBase {
  kind: 'fixed_amount';
  /** Amount off in `currency`, at most the currency's decimals: "5.00". */
  amount: string;
  /** Must equal the invoice currency. */
  currency: string;
}

export type Coupon = PercentageCoupon | FixedAmountCoupon;

/** A customer's use of a coupon: how many billing periods it has already been applied to. */
export interface CouponRedemption {
  couponId: string;
  periodsApplied: number;
}

/**
 * One entry of a customer's credit ledger (one currency per ledger). `amount` is positive for
 * both kinds; `reference` is a business key (grant id, `invoice:<id>`), unique per kind.
 */
export interface CreditLedgerEntry {
  kind: 'grant' | 'consumption';
  amount: string;
  reference: string;
}

/** A customer's prepaid credits: the balance is the sum of grants minus consumptions. */
export type CreditLedger = readonly CreditLedgerEntry[];

/**
 * An invoice line as assembly needs it. Any RatedLine fits; `taxRateIds` overrides the
 * customer's rates for this line ([] = not taxed, e.g. an exempt item).
 */
export type InvoiceLineInput = Pick<RatedLine, 'lineId' | 'amount'> & {
  taxRateIds?: readonly string[];
  /** The line's tax category (its price's, or the customer's override); absent = 'standard'. */
  taxCategory?: TaxCategoryName;
  /**
   * For a negative adjustment line only: the part of it that did not fit on this invoice and
   * goes to the credit balance at finalization (domain/invoice/carry-to-credit.ts).
   */
  carriedToCredit?: string;
};

export interface AssembleInvoiceInput {
  /** The business id of the invoice; credit consumption is recorded under it. */
  invoiceId: string;
  currency: string;
  lines: readonly InvoiceLineInput[];
  /** The coupons active this period (see isCouponActive), in the order they apply. */
  coupons: readonly Coupon[];
  /** The customer's rates: they tax every line that has no `taxRateIds`. */
  taxRates: readonly TaxRate[];
  /** Further rates referenced only by lines' `taxRateIds` (e.g. a reduced VAT rate). */
  lineTaxRates?: readonly TaxRate[];
  /** The customer's credit balance before this invoice, in `currency` (see creditBalance). */
  creditBalance: string;
}

export interface DiscountAllocation {
  lineId: string;
  amount: string;
}

export interface AppliedDiscount {
  couponId: string;
  amount: string;
  /** The discount split over the lines; the amounts sum exactly to `amount`. */
  allocations: DiscountAllocation[];
}

export interface InvoiceLineTotals {
  lineId: string;
  /** The rated amount (gross for lines with an inclusive rate). */
  amount: string;
  /** The sum of this line's allocations from all coupons. */
  discountAmount: string;
  /** amount - discountAmount: what the line's tax rates apply to. */
  netAmount: string;
  /** The rates that tax this line, after defaults are resolved. */
  taxRateIds: string[];
  /** Granted as credit at finalization: the part of a negative adjustment beyond the invoice. */
  carriedToCredit?: string;
}

export interface TaxBreakdown {
  taxRateId: string;
  name: string;
  percentage: string;
  inclusive: boolean;
  /** Sum of the net amounts of the lines with this rate, without tax. */
  taxableAmount: string;
  taxAmount: string;
  /** The rate's tax category; absent only on invoices drafted before categories ('standard'). */
  category?: TaxCategoryName;
  /** EN 16931 BT-120, present for exempt and reverse_charge only. */
  exemptionReason?: string;
}

/** Every money field is a decimal string with exactly the currency's decimals. */
export interface InvoiceTotals {
  invoiceId: string;
  currency: string;
  lines: InvoiceLineTotals[];
  /** Sum of line amounts. */
  subtotal: string;
  discounts: AppliedDiscount[];
  /** Sum of discounts. */
  totalDiscount: string;
  taxes: TaxBreakdown[];
  /** subtotal - totalDiscount - inclusive taxes. */
  totalExcludingTax: string;
  /** Sum of taxAmount over all rates, inclusive and exclusive. */
  totalTax: string;
  /** totalExcludingTax + totalTax. */
  total: string;
  /** min(max(creditBalance, 0), total). */
  creditsApplied: string;
  /** total - creditsApplied, never below zero. */
  amountDue: string;
  /** The ledger entry to record when credits were applied, null otherwise. */
  creditConsumption: CreditLedgerEntry | null;
}
