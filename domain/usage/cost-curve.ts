import { decimalsOf, pow10, toScaled } from './scaled';

/**
 * Share digits below which nothing is cut: the same 30 decimals as domain/rating/allocate.ts,
 * far below any currency's minor unit.
 */
export const SHARE_DECIMALS = 30;

/**
 * How a resource's rated amount is spread over time (docs/billing-rules.md, "Usage over
 * time"). The amount of one invoice sub-line (a resource's share of a rated line) is laid
 * along the cumulative weight of its usage, W(t) (run milliseconds, quantity-milliseconds or
 * counted units before instant t), by
 *
 *   F(c) = amount x c / W, cut toward zero to `scale` decimals, and F(W) = amount exactly;
 *
 * the cost of any interval [a, b) is F(W(b)) - F(W(a)). The differences telescope, so the
 * buckets of any range add up to F at its ends and the buckets of the whole period to the
 * amount itself, exactly; an hour inside a day adds up to that day, and a run's segments to
 * the run. `scale` is 30 decimals, or the amount's own decimals when it has more.
 *
 * Worked example: 2 h of a VM at 0.0066 per hour, running 10:30-12:30, rated 0.0132.
 * W = 7,200,000 ms; at the hour edges W(t) = 0, 1,800,000, 5,400,000, 7,200,000, so
 * F = 0, 0.0033, 0.0099, 0.0132 and the hour buckets cost 0.0033, 0.0066 and 0.0033.
 * With a 60 s minimum, a 7 s run from 10:59:58 to 11:00:05 is rated 0.00011 (60 s at
 * 0.0066/h): F(2,000 of 7,000 ms) = 0.000031428571428571428571428571 (cut at 30 decimals)
 * for the 10:00 bucket, and the 11:00 bucket gets 0.00011 - that =
 * 0.000078571428571428571428571429.
 */
export interface CostCurve {
  /** Decimals of every value `at` returns. */
  scale: number;
  /** F(c) in units of 10^-scale, for 0 <= c <= the total weight. */
  at(cumulative: bigint): bigint;
}

/** The decimals a curve of `amount` needs: 30, or more when the amount has more. */
export function curveScale(amount: string): number {
  return Math.max(SHARE_DECIMALS, decimalsOf(amount));
}

/**
 * The curve of `amount` over `totalWeight`, at `scale` decimals (at least curveScale(amount);
 * a larger common scale lets curves of several sub-lines be added). F is cut at the amount's
 * own scale and then written at `scale`, so the scale never changes a share.
 */
export function costCurve(
  amount: string,
  totalWeight: bigint,
  scale = curveScale(amount),
): CostCurve {
  const own = curveScale(amount);
  const total = toScaled(amount, own);
  const factor = pow10(scale - own);
  const whole = total * factor;
  if (factor === 1n) {
    return { scale, at: (c) => (c >= totalWeight ? whole : (total * c) / totalWeight) };
  }
  return {
    scale,
    at: (c) => (c >= totalWeight ? whole : ((total * c) / totalWeight) * factor),
  };
}
