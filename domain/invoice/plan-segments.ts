import type { Period } from '../calendar/types';
import { Decimal, toDecimalString } from '../decimal';
import { BillingError } from '../errors';
import type { LedgerEvent } from '../events';
import { applyEvent, createMeteringState } from '../metering/metering-state';
import { computeUsageReport, type OpenRun, type ResourceUsage } from '../metering/usage-report';
import { currencyExponent } from '../money';
import { ratePeriod, type Price, type RatedLine, type UsageGroup } from '../rating';
import type { PlanTerms } from './draft-invoice';
import { segmentLineId } from './plan-line-id';
import { projectUsageToPeriodEnd } from './forecast';

/**
 * Mid-period plan changes (docs/billing-rules.md, "Plan changes within a period"). A subscription that takes
 * effect inside a period splits the period exactly at its `effectiveFrom`: each segment is
 * metered on its own (run time, quantity-time and counters clipped to its bounds) and rated
 * on its own plan; the lines of all segments make the period's invoice.
 *
 * Worked example (daily period, EUR): plan A (vm 0.10/h) until 12:00, plan B (vm 0.20/h) from
 * 12:00; one VM runs 06:00-18:00. Segment A [00:00, 12:00): 6 h x 0.10 = 0.60, line
 * "vm:[]@plan-a". Segment B [12:00, 24:00): 6 h x 0.20 = 1.20, line "vm:[]@plan-b" (the run
 * continues: priorMs 6 h). Invoice 1.80.
 */

/** A plan's stretch of a period: [startMs, endMs). */
export interface PlanSpan {
  planId: string;
  startMs: number;
  endMs: number;
}

/** A segment with its plan's terms, per-period amounts already prorated (segmentTerms). */
export interface PlanSegment extends PlanSpan {
  terms: PlanTerms;
}

/** A segment with its usage, as drafting takes it. */
export interface SegmentUsage extends PlanSegment {
  usage: UsageGroup[];
}

/** Prorated per-period amounts keep at most this many decimals (half up); see segmentTerms. */
export const PRORATION_DECIMALS = 12;

/**
 * The plans of a period, in order, from the subscriptions in effect during it (oldest first:
 * the one in effect at the start, then those starting inside; loadSubscriptionsOverlapping).
 * The first span always starts at the period start: usage before a customer's first
 * subscription is rated on that first plan (as a single-plan period is). Consecutive
 * subscriptions to the same plan make one span. Empty without subscriptions.
 *
 * Example: period [0, 24 h); A from -5 d, B from 12 h, B again from 18 h ->
 * [A 0..12 h), [B 12 h..24 h).
 */
export function planSpansOf(
  period: Period,
  subscriptions: readonly { planId: string; effectiveFromMs: number }[],
): PlanSpan[] {
  const spans: PlanSpan[] = [];
  for (const subscription of subscriptions) {
    if (subscription.effectiveFromMs >= period.endMs) break;
    const startMs = spans.length === 0 ? period.startMs : subscription.effectiveFromMs;
    const last = spans[spans.length - 1];
    if (last && last.planId === subscription.planId) continue;
    if (last) last.endMs = startMs;
    spans.push({ planId: subscription.planId, startMs, endMs: period.endMs });
  }
  return spans.filter((span) => span.endMs > span.startMs);
}

/** `amount` x segment length / period length, to PRORATION_DECIMALS (half up). */
export function prorate(amount: string, span: Omit<PlanSpan, 'planId'>, period: Period): string {
  const share = new Decimal(amount)
    .times(span.endMs - span.startMs)
    .div(period.endMs - period.startMs);
  return toDecimalString(share.toDecimalPlaces(PRORATION_DECIMALS, Decimal.ROUND_HALF_UP));
}

/**
 * A segment's terms: a copy of its plan's prices whose per-period amounts are prorated to
 * the segment's length, `run_time` caps (`periodCapAmount`) and free units (`freeUnits`),
 * each amount x segment / period (prorate). Per-run minimums are per run, not per period:
 * they are not prorated (a run pays its minimum once, in the segment it starts in: see
 * docs/billing-rules.md). Tiers are not prorated: each segment's usage goes through its
 * plan's tiers from zero. The minimum commitment is prorated on the whole period instead
 * (proratedCommitment).
 *
 * Example: a cap of 9.99 in a 30-day month, segment of 10 days -> 3.33; segment of 12 h of a
 * daily period -> a 1.00 cap becomes 0.5.
 */
export function segmentTerms(terms: PlanTerms, span: PlanSpan, period: Period): PlanSegment {
  const whole = span.startMs === period.startMs && span.endMs === period.endMs;
  const prices = whole
    ? terms.prices
    : terms.prices.map((price) => proratePrice(price, span, period));
  return { ...span, terms: { ...terms, prices } };
}

function proratePrice(price: Price, span: PlanSpan, period: Period): Price {
  const prorated: Price = { ...price };
  if (price.freeUnits !== undefined) prorated.freeUnits = prorate(price.freeUnits, span, period);
  if (price.model.type === 'run_time' && price.model.periodCapAmount !== undefined) {
    prorated.model = {
      ...price.model,
      periodCapAmount: prorate(price.model.periodCapAmount, span, period),
    };
  }
  return prorated;
}

/**
 * The minimum commitment of a split period: each segment's plan commitment x its share of
 * the period, summed, then rounded half up to the currency's minor unit (one rounding);
 * null when no plan of the period has one. It applies to the period's whole usage.
 *
 * Example (EUR, daily period): plan A without commitment until 12:00, plan B with 20.00 from
 * 12:00 -> 0 + 20.00 x 12/24 = 10.00; usage 1.80 -> top-up 8.20.
 */
export function proratedCommitment(
  segments: readonly PlanSegment[],
  period: Period,
  currency: string,
): string | null {
  if (segments.every((segment) => segment.terms.minimumCommitment === null)) return null;
  const periodMs = period.endMs - period.startMs;
  const sum = segments.reduce(
    (total, segment) =>
      segment.terms.minimumCommitment === null
        ? total
        : total.plus(
            new Decimal(segment.terms.minimumCommitment)
              .times(segment.endMs - segment.startMs)
              .div(periodMs),
          ),
    new Decimal(0),
  );
  const exponent = currencyExponent(currency);
  return sum.toDecimalPlaces(exponent, Decimal.ROUND_HALF_UP).toFixed(exponent);
}

/**
 * Rates each segment's usage on its own (prorated) plan. With more than one segment every
 * line id gets its plan suffix (segmentLineId), so two plans pricing the same price id
 * stay two lines; with one, the lines are exactly ratePeriod's. All segments must be in the
 * invoice's currency.
 */
export function rateSegments(
  currency: string,
  segments: readonly SegmentUsage[],
): { lines: RatedLine[]; unmatched: UsageGroup[] } {
  const split = segments.length > 1;
  const lines: RatedLine[] = [];
  const unmatched: UsageGroup[] = [];
  for (const segment of segments) {
    if (segment.terms.currency !== currency) {
      throw new BillingError(
        'currency_mismatch',
        `plan ${segment.planId} is in ${segment.terms.currency}, the invoice in ${currency}`,
        { details: { planId: segment.planId, currency: segment.terms.currency } },
      );
    }
    const rated = ratePeriod({ currency, prices: segment.terms.prices, usage: segment.usage });
    lines.push(
      ...(split
        ? rated.lines.map((line) => ({ ...line, lineId: segmentLineId(line, segment.planId) }))
        : rated.lines),
    );
    unmatched.push(...rated.unmatched);
  }
  return { lines, unmatched };
}

/**
 * One segment metered from the ledger: lifecycle events at their own instants, clipped to
 * [segment.startMs, min(asOfMs, segment.endMs)); the counters stamped inside the segment.
 * A run crossing the segment's start carries its earlier time as `priorMs` (rated as one
 * run: its per-run minimum and increments were met where it started). `events`: the
 * customer's lifecycle events stamped before the segment end and its counters of the period
 * (loadEventsForReplay), in sequence order. `periodStartOf` maps an instant outside the
 * period to its billing period's start.
 *
 * Example: VM started 06:00, running; segment [12:00, 24:00) -> one share of 12 h with
 * priorMs 6 h.
 */
export function meterSegment(
  events: readonly LedgerEvent[],
  segment: Omit<PlanSpan, 'planId'>,
  asOfMs: number,
  periodStartOf: (instantMs: number) => number,
  period: Period,
  /** Meters the segment's plan prices by peak or percentile: they keep burst detail. */
  burstMeters: readonly string[] = [],
): ResourceUsage[] {
  const state = createMeteringState(0, [...burstMeters]);
  // Counters land in the segment they are stamped in: inside the period, a segment's start
  // stands for the period start; outside it, the calendar decides (never this segment).
  const segmentStartOf = (instantMs: number) =>
    instantMs >= segment.startMs && instantMs < segment.endMs
      ? segment.startMs
      : instantMs >= period.startMs && instantMs < period.endMs
        ? -1
        : periodStartOf(instantMs);
  for (const event of events) {
    if (event.timestampMs < segment.endMs) applyEvent(state, event, segmentStartOf);
  }
  const bounds = { startMs: segment.startMs, endMs: segment.endMs };
  return computeUsageReport(state, bounds, asOfMs, { includeRuns: true, includeBurst: burstMeters })
    .resources;
}

/**
 * The forecast of a split period (domain/invoice/forecast.ts, per segment): a segment over
 * by `asOfMs` stays as metered; the one containing it is projected to its own end (open
 * runs keep running, counters at their rate so far in that segment); a later segment holds
 * the open runs for its whole length (continuing: priorMs) and each counter at that same
 * rate: quantity so far in the current segment x later segment length / time elapsed in the
 * current segment, to 6 decimals (half up). A counter kept per interval (percentile) is not
 * carried into later segments; nothing elapsed in the current segment: no counter is.
 *
 * Example (daily, change at 12:00, now 08:00): a VM running since 06:00 projects to 6 h in
 * segment A and 12 h (priorMs 6 h) in segment B; 2 GB of egress so far (8 h into A)
 * projects to 2 x 12/8 = 3 GB in A and 2 x 12/8 = 3 GB in B.
 */
export function projectSegmentsToPeriodEnd(
  segments: readonly SegmentUsage[],
  asOfMs: number,
  openRuns: readonly OpenRun[],
): SegmentUsage[] {
  const current = segments.find((s) => s.startMs <= asOfMs && asOfMs < s.endMs);
  const elapsedMs = current ? asOfMs - current.startMs : 0;
  const counters = (current?.usage ?? []).filter(
    (group) =>
      !new Decimal(group.quantity).isZero() &&
      (group.burst === undefined || Object.keys(group.burst.intervals).length === 0),
  );
  const carried = (lengthMs: number): UsageGroup[] =>
    elapsedMs === 0
      ? []
      : counters.map(({ resourceId, meter, dimensions, quantity }) => ({
          resourceId,
          meter,
          dimensions,
          seconds: '0',
          quantitySeconds: '0',
          quantity: toDecimalString(
            new Decimal(quantity)
              .times(lengthMs)
              .div(elapsedMs)
              .toDecimalPlaces(PROJECTED_COUNTER_DECIMALS, Decimal.ROUND_HALF_UP),
          ),
          runs: [],
        }));
  return segments.map((segment) => {
    if (segment.endMs <= asOfMs) return segment;
    const bounds = { startMs: segment.startMs, endMs: segment.endMs };
    const isCurrent = segment === current;
    return {
      ...segment,
      usage: projectUsageToPeriodEnd({
        period: bounds,
        asOfMs: isCurrent ? asOfMs : segment.startMs,
        usage: isCurrent ? segment.usage : carried(segment.endMs - segment.startMs),
        openRuns,
      }),
    };
  });
}

/** A counter carried into a later segment keeps 6 decimals, as the forecast's own do. */
const PROJECTED_COUNTER_DECIMALS = 6;
