import type { Period } from '../calendar/types';
import { Decimal } from '../decimal';
import { formatAmount, roundToMinorUnit } from '../money';

/**
 * The period's cost if usage goes on at the rate seen so far: accrued x period / elapsed,
 * rounded once. A linear burn rate; per-run minimums and caps make it an estimate, never a
 * promise. Example: 0.30 accrued after 6 h of a 24 h day forecasts 1.20.
 */
export function forecastToPeriodEnd(
  accrued: string,
  currency: string,
  period: Period,
  asOfMs: number,
): string {
  const elapsed = Math.min(asOfMs, period.endMs) - period.startMs;
  const total = period.endMs - period.startMs;
  const forecast =
    elapsed <= 0 ? new Decimal(accrued) : new Decimal(accrued).times(total).div(elapsed);
  return formatAmount(roundToMinorUnit(forecast, currency), currency);
}
