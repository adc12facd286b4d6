import { Decimal } from '../../decimal';
import { BillingError } from '../../errors';
import { rateAggregated } from '../aggregate';
import type { LineResource, RateLine, SubLineRating } from '../line';
import type { RunTimeModel } from '../types';
import { SECONDS_PER_UNIT } from '../units';

/**
 * `run_time`: a rate per second, minute or hour of run time, accrued per millisecond.
 *
 * Order, per run (the public-cloud rules):
 *   1. rounding increment: the run's time is rounded UP to a multiple of the increment;
 *   2. minimum seconds: the run is billed for at least that long;
 *   3. price: billed time x unitPrice / unit length, exact (0.36 per hour is 0.0001 per
 *      second, never a rounded per-second rate);
 *   4. minimum amount: the run costs at least that.
 * Then the runs of each resource are summed and the period cap applies per resource.
 *
 * Worked example: 0.36 per hour, increment 60 s, minimum 60 s, minimum amount 0.01, cap 0.05.
 *   run A   7 s ->  60 s (increment) ->  60 s (minimum) -> 0.006 -> 0.01  (minimum amount)
 *   run B  61 s -> 120 s             -> 120 s           -> 0.012 -> 0.012
 *   run C 400 s -> 420 s             -> 420 s           -> 0.042 -> 0.042
 *   resource: 0.01 + 0.012 + 0.042 = 0.064 -> 0.05 (cap); billed quantity 600 s = 1/6 hour.
 *
 * A run that continues from an earlier period (`priorMs`) is rated as a whole: the entry
 * bills what the whole run costs minus what its earlier part cost, so the period a run
 * starts in carries its minimum and the run's total over all periods is the same as if it
 * had not been split. A 30 s run split 10 s + 20 s under a 60 s minimum: 60 s, then
 * billed(30 s) - billed(10 s) = 60 - 60 = 0 s.
 *
 * Per run, only integer milliseconds are added (increments and minimums are whole seconds),
 * and the minimum amount becomes a threshold in milliseconds computed once: a run billed
 * at least `threshold` ms costs its time, a shorter one the minimum amount. Decimals are
 * used once per resource, so a million runs take a few milliseconds and stay exact.
 */
export const rateRunTime: RateLine<RunTimeModel> = (model, resources, freeUnits) => {
  const unitMs = SECONDS_PER_UNIT[model.unit] * 1000;
  const unitPrice = new Decimal(model.unitPrice);
  const rules = {
    incrementMs: (model.roundingIncrementSeconds ?? 0) * 1000,
    minimumMs: (model.minimumSeconds ?? 0) * 1000,
    thresholdMs:
      model.minimumAmount === undefined
        ? 0
        : minimumAmountThreshold(new Decimal(model.minimumAmount), unitPrice, unitMs),
  };
  const totals = resources.map((resource) => sumRuns(resource, rules));

  if (model.minimumAmount === undefined && model.periodCapAmount === undefined) {
    const weights = totals.map((t) => new Decimal(t.billedMs));
    const rated = rateAggregated(resources, weights, new Decimal(unitMs), freeUnits, (billed) => ({
      amount: billed.times(unitPrice).div(unitMs),
    }));
    return { ...rated, unitPrice, defaultUnit: model.unit };
  }

  const minimumAmount = new Decimal(model.minimumAmount ?? 0);
  const cap = model.periodCapAmount === undefined ? null : new Decimal(model.periodCapAmount);
  let linear = true;
  let billedMs = new Decimal(0);
  const subLines: SubLineRating[] = resources.map((resource, i) => {
    const t = totals[i] as RunTotals;
    const uncapped = unitPrice.times(t.pricedMs).div(unitMs).plus(minimumAmount.times(t.minimums));
    const capped = cap !== null && uncapped.gt(cap);
    if (capped || t.minimums !== 0 || t.pricedMs !== t.billedMs) linear = false;
    billedMs = billedMs.plus(t.billedMs);
    return {
      resourceId: resource.resourceId,
      quantity: new Decimal(t.billedMs).div(unitMs),
      preciseAmount: capped ? cap : uncapped,
    };
  });
  const preciseAmount = subLines.reduce((sum, s) => sum.plus(s.preciseAmount), new Decimal(0));
  return {
    quantity: billedMs.div(unitMs),
    // The list price while no minimum amount or cap changed anything; otherwise effective.
    unitPrice: linear || billedMs.isZero() ? unitPrice : preciseAmount.times(unitMs).div(billedMs),
    preciseAmount,
    subLines,
    defaultUnit: model.unit,
  };
};

interface RunRules {
  incrementMs: number;
  minimumMs: number;
  /** Billed ms from which a run costs its time rather than the minimum amount. */
  thresholdMs: number;
}

interface RunTotals {
  /** Billed time after increments and minimums. */
  billedMs: number;
  /** Billed time of the runs that cost their time (not the minimum amount). */
  pricedMs: number;
  /** Runs that cost the minimum amount (net of continued runs that grew past it). */
  minimums: number;
}

/** Billed time of a run of `ms` in total: increment first, then the minimum. */
function billedTime(ms: number, rules: RunRules): number {
  const rest = rules.incrementMs === 0 ? 0 : ms % rules.incrementMs;
  const rounded = rest === 0 ? ms : ms - rest + rules.incrementMs;
  return rounded > rules.minimumMs ? rounded : rules.minimumMs;
}

function sumRuns(resource: LineResource, rules: RunRules): RunTotals {
  const { thresholdMs } = rules;
  let billedMs = 0;
  let pricedMs = 0;
  let minimums = 0;
  for (const group of resource.groups) {
    for (const run of group.runs) {
      const prior = run.priorMs;
      const after = billedTime((prior ?? 0) + run.durationMs, rules);
      if (prior === undefined) {
        billedMs += after;
        if (after >= thresholdMs) pricedMs += after;
        else minimums += 1;
      } else {
        // Continued run: bill the whole run's cost minus the earlier part's.
        const before = billedTime(prior, rules);
        billedMs += after - before;
        if (before >= thresholdMs) pricedMs += after - before;
        else if (after >= thresholdMs) {
          pricedMs += after;
          minimums -= 1;
        }
      }
    }
  }
  if (!Number.isSafeInteger(billedMs)) {
    throw new BillingError('usage_too_large', `run time of ${resource.resourceId} overflows`, {
      details: { resourceId: resource.resourceId },
    });
  }
  return { billedMs, pricedMs, minimums };
}

/**
 * The least whole number of billed milliseconds whose price reaches the minimum amount:
 * ceil(minimumAmount x unitMs / unitPrice). Example: 0.01 at 0.0001 per second (unitMs
 * 1,000) -> 100,000 ms (100 s), so a 10 s run costs 0.01 and a 200 s run 0.02.
 */
function minimumAmountThreshold(minimum: Decimal, unitPrice: Decimal, unitMs: number): number {
  if (minimum.isZero()) return 0;
  if (unitPrice.isZero()) return Infinity;
  const target = minimum.times(unitMs);
  let ms = target.div(unitPrice).ceil();
  // Guard the 50-digit quotient: the threshold is checked by exact multiplication.
  if (ms.gt(0) && ms.minus(1).times(unitPrice).gte(target)) ms = ms.minus(1);
  if (ms.times(unitPrice).lt(target)) ms = ms.plus(1);
  return ms.gt(Number.MAX_SAFE_INTEGER) ? Infinity : ms.toNumber();
}
