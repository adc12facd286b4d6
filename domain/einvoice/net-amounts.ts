import type { InvoiceDocument } from '../documents/invoice-document';
import { Decimal } from '../decimal';
import { allocateLargestRemainder } from '../invoice/allocation';
import type { TaxBreakdown } from '../invoice/types';
import { roundToMinorUnit } from '../money';
import { assertSame, minorUnitFactor, readMoney, sumMoney } from './amounts';

/**
 * The net (VAT-exclusive) amounts UBL states for one tax category: its lines' amounts and
 * each coupon's allowance (`couponGross`, the coupon's allocations to these lines).
 *
 * Exclusive rates and untaxed lines are net already. Inclusive rates make every amount
 * gross, and UBL is always net, so with p the rate:
 *   L = round(sum(gross lines) / (1 + p)), split over the lines' gross amounts by largest
 *   remainder; A = L - taxable, split over the coupons' gross allocations the same way.
 * Then sum(line nets) - sum(allowances) = taxable exactly, with the breakdown's own
 * rounding (taxable = round(sum(gross after discount) / (1 + p))). A >= 0 because rounding
 * is monotonic.
 */
export function netAmounts(
  doc: InvoiceDocument,
  breakdown: TaxBreakdown | null,
  gross: readonly Decimal[],
  couponGross: readonly Decimal[],
): { lineNets: Decimal[]; allowanceNets: Decimal[] } {
  if (breakdown === null || !breakdown.inclusive) {
    return { lineNets: [...gross], allowanceNets: [...couponGross] };
  }
  const { currency } = doc;
  const factor = minorUnitFactor(currency);
  const divisor = new Decimal(breakdown.percentage).div(100).plus(1);
  const linesNet = roundToMinorUnit(sumMoney(gross).div(divisor), currency);
  const allowancesNet = linesNet.minus(
    readMoney(breakdown.taxableAmount, currency, 'taxableAmount'),
  );
  if (allowancesNet.isNeg() || (allowancesNet.gt(0) && sumMoney(couponGross).isZero())) {
    assertSame(
      doc.number,
      `inclusive tax ${breakdown.taxRateId}: net allowances >= 0`,
      new Decimal(0),
      allowancesNet,
    );
  }
  const split = (total: Decimal, weights: readonly Decimal[]): Decimal[] =>
    allocateLargestRemainder(total.times(factor), weights, (weight) => weight.times(factor)).map(
      ({ share }) => share.div(factor),
    );
  return { lineNets: split(linesNet, gross), allowanceNets: split(allowancesNet, couponGross) };
}
