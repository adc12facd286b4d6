import type { Period } from '../calendar/types';
import { Decimal, MAX_DECIMAL_LENGTH, millisToSeconds, toDecimalString } from '../decimal';
import { dimensionsKey } from '../metering/dimensions';
import type { OpenRun } from '../metering/usage-report';
import { formatAmount, sumDecimals } from '../money';
import { MINIMUM_COMMITMENT_LINE_ID, type RatedLine, type UsageGroup } from '../rating';

/**
 * The forecast is not a scaled total: the current state is projected to the period end and
 * that projection is rated by the same draft assembly as the period close, so caps, tiers,
 * per-run minimums and the minimum commitment bend it exactly as they will bend the invoice.
 * This module holds the two pure steps around that rating: the projection of the usage, and
 * the per-meter view of the two drafts (so far, and projected).
 */

/** A projected counter keeps at most a millionth of its unit (a byte, a call). */
const PROJECTED_COUNTER_DECIMALS = 6;

export interface UsageProjectionInput {
  period: Period;
  /** The instant the usage is counted to; clamped into the period. */
  asOfMs: number;
  /** The period's usage so far, with its runs (as the draft assembly takes it). */
  usage: readonly UsageGroup[];
  /** Runs still open at `asOfMs`, with the instant each started. */
  openRuns: readonly OpenRun[];
}

/**
 * The period's usage as it will be at the period end if nothing changes from `asOfMs` on:
 *
 * - an open run keeps running to the period end, with the quantity it has now: its share
 *   grows by the time left, so do `seconds` and `quantitySeconds` (attached storage stays
 *   attached: a volume is a run whose quantity is its size);
 * - a counter continues at its recent rate, defined as the period's average rate so far:
 *   quantity x period length / elapsed time, kept to 6 decimals. At the period start
 *   (nothing elapsed) a counter stays as it is;
 * - runs that ended, and late usage of earlier periods (not part of `usage`), are left as
 *   they are.
 *
 * Example, a 720 h month, 1 h in: a VM started at the period start (share 3,600,000 ms)
 * projects to a share of 2,592,000,000 ms (720 h); 2 GB of egress so far projects to
 * 2 x 720 / 1 = 1,440 GB; a 7 s container that stopped stays 7 s.
 *
 * Events stamped after `asOfMs` (a stop within the future tolerance) are not known to the
 * projection: it projects the state, not a schedule.
 */
export function projectUsageToPeriodEnd(input: UsageProjectionInput): UsageGroup[] {
  const { period } = input;
  const asOfMs = Math.max(period.startMs, Math.min(input.asOfMs, period.endMs));
  const elapsedMs = asOfMs - period.startMs;
  const remainingMs = period.endMs - asOfMs;

  const groups = new Map<string, UsageGroup>();
  for (const group of input.usage) {
    // A counter kept per interval (a percentile meter) stays as it is: its distribution so
    // far continues, so the running percentile is its forecast (docs/billing-rules.md).
    const perInterval = group.burst !== undefined && Object.keys(group.burst.intervals).length > 0;
    const quantity =
      elapsedMs > 0 && !perInterval && !new Decimal(group.quantity).isZero()
        ? projectCounter(group.quantity, period.endMs - period.startMs, elapsedMs)
        : group.quantity;
    groups.set(keyOf(group), { ...group, quantity, runs: group.runs.map((run) => ({ ...run })) });
  }
  if (remainingMs === 0) return [...groups.values()];

  for (const open of input.openRuns) {
    const key = keyOf(open);
    const group = groups.get(key) ?? {
      resourceId: open.resourceId,
      meter: open.meter,
      dimensions: open.dimensions,
      seconds: '0',
      quantitySeconds: '0',
      quantity: '0',
      runs: [],
    };
    // The open run's share is the one that reaches `asOfMs`: its time so far plus its prior
    // time (earlier periods, other dimensions before a resize) is the run's age.
    const ageMs = Math.max(0, asOfMs - open.sinceMs);
    let index = -1;
    group.runs.forEach((run, i) => {
      if (run.durationMs + (run.priorMs ?? 0) === ageMs) index = i;
    });
    const share = group.runs[index];
    if (share) {
      group.runs[index] = { ...share, durationMs: share.durationMs + remainingMs };
    } else {
      // No share yet (the run crosses in from an earlier period and nothing has elapsed).
      group.runs.push({
        durationMs: remainingMs,
        quantity: open.quantity,
        ...(ageMs > 0 ? { priorMs: ageMs } : {}),
      });
    }
    group.seconds = toDecimalString(new Decimal(group.seconds).plus(millisToSeconds(remainingMs)));
    group.quantitySeconds = toDecimalString(
      new Decimal(group.quantitySeconds).plus(
        millisToSeconds(new Decimal(open.quantity).times(remainingMs)),
      ),
    );
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** quantity x periodMs / elapsedMs, to at most 6 decimals and within the decimal-string limit. */
function projectCounter(quantity: string, periodMs: number, elapsedMs: number): string {
  const projected = new Decimal(quantity).times(periodMs).div(elapsedMs);
  const integerDigits = projected.truncated().toFixed().length;
  const decimals = Math.max(
    0,
    Math.min(PROJECTED_COUNTER_DECIMALS, MAX_DECIMAL_LENGTH - 1 - integerDigits),
  );
  return toDecimalString(projected.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP));
}

function keyOf(usage: { resourceId: string; meter: string; dimensions: Record<string, string> }) {
  return JSON.stringify([usage.resourceId, usage.meter, dimensionsKey(usage.dimensions)]);
}

/** A meter's cost so far and at the period end (net of coupons and taxes). */
export interface MeterCost {
  meter: string;
  accrued: string;
  forecast: string;
}

/**
 * Per meter, the sum of the rounded amounts of the draft lines of that meter: so far
 * (`accrued`) and projected (`forecast`). Late-usage adjustment lines count for their meter
 * in both (they are on this invoice once, never projected). The minimum-commitment top-up,
 * coupons and taxes belong to no meter: they are in the totals only. `meters` lists meters
 * to show even without a priced line (usage no price matched shows 0). Sorted by meter.
 *
 * Example (EUR): accrued lines vm 0.04 + vm-adj 0.10, forecast lines vm 29.95 + vm-adj 0.10
 * -> { meter: 'compute.vm', accrued: '0.14', forecast: '30.05' }.
 */
export function costPerMeter(input: {
  currency: string;
  meters: readonly string[];
  accrued: readonly RatedLine[];
  forecast: readonly RatedLine[];
}): MeterCost[] {
  const { currency } = input;
  const byMeter = (lines: readonly RatedLine[]) => {
    const sums = new Map<string, Decimal[]>();
    for (const line of lines) {
      if (line.lineId === MINIMUM_COMMITMENT_LINE_ID) continue;
      sums.set(line.meter, [...(sums.get(line.meter) ?? []), new Decimal(line.amount)]);
    }
    return sums;
  };
  const accrued = byMeter(input.accrued);
  const forecast = byMeter(input.forecast);
  const meters = [...new Set([...input.meters, ...accrued.keys(), ...forecast.keys()])].sort(
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  return meters.map((meter) => ({
    meter,
    accrued: formatAmount(sumDecimals(accrued.get(meter) ?? []), currency),
    forecast: formatAmount(sumDecimals(forecast.get(meter) ?? []), currency),
  }));
}
