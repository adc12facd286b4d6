import { Decimal, isDecimalString } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent, formatAmount, sumDecimals } from '../money';
import type { RatedLine } from './rated-line';

export const MINIMUM_COMMITMENT_LINE_ID = 'minimum-commitment';

/**
 * A plan's minimum commitment per period: when the rounded line total is below it, a top-up
 * line brings the total up to the commitment exactly. The total is the sum of the rounded
 * `amount`s, as on the invoice. Example (EUR): lines 12.30 + 5.01 = 17.31, commitment 20 ->
 * a top-up line of 2.69, total 20.00. At or above the commitment, the lines are returned
 * unchanged.
 *
 * Idempotent: an existing top-up line is left out of the total and replaced. The commitment
 * must be a whole number of minor units (20.005 EUR is rejected), so the top-up needs no
 * rounding.
 */
export function applyMinimumCommitment(
  lines: readonly RatedLine[],
  commitment: string,
  currency: string,
): RatedLine[] {
  const exponent = currencyExponent(currency);
  if (!isDecimalString(commitment) || new Decimal(commitment).decimalPlaces() > exponent) {
    throw new BillingError(
      'invalid_commitment',
      `minimum commitment ${commitment} is not an amount in ${currency}`,
      { details: { commitment, currency } },
    );
  }
  const rated = lines.filter((line) => line.lineId !== MINIMUM_COMMITMENT_LINE_ID);
  const total = sumDecimals(rated.map((line) => new Decimal(line.amount)));
  const topUp = new Decimal(commitment).minus(total);
  if (topUp.lte(0)) return rated;
  return [
    ...rated,
    {
      lineId: MINIMUM_COMMITMENT_LINE_ID,
      priceId: MINIMUM_COMMITMENT_LINE_ID,
      meter: '',
      dimensions: {},
      quantity: '1',
      unit: 'commitment',
      unitPrice: topUp.toFixed(),
      preciseAmount: topUp.toFixed(),
      amount: formatAmount(topUp, currency),
      subLines: [],
    },
  ];
}
