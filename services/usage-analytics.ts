import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import {
  loadEventsForReplay,
  loadLedgerCloses,
  loadLedgerStartMs,
} from '../db/repositories/ledger.repository';
import { loadSubscriptions } from '../db/repositories/subscriptions.repository';
import { burstMetersOf } from '../domain/rating';
import { periodContaining } from '../domain/calendar';
import type { BillingCycle, Period } from '../domain/calendar/types';
import { billingCycleOf, type Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { planTermsOf } from '../domain/invoice/late-usage';
import type { PlanTerms } from '../domain/invoice';
import { priceUsage, type PricedPeriod } from '../domain/usage/price-usage';
import { replayLedger } from '../domain/usage/replay-ledger';
import { pricedUsageSlot } from './priced-usage-cache';

export interface UsageAnalyticsDeps {
  db: Database;
  now(): number;
}

/** A range of instants [fromMs, toMs) as a request gave it (either end may be absent). */
export interface RangeQuery {
  fromMs?: number;
  toMs?: number;
}

const MS_PER_DAY = 86_400_000;
/** Longest range of any usage read; hourly timeseries have their own, shorter limit. */
export const MAX_RANGE_DAYS = 400;

/**
 * The range a usage read covers: the given ends, each defaulting to the current period's
 * (so no query at all is the current period). 400 invalid_request naming `to` when the range
 * is empty or longer than `maxDays`.
 */
export function resolveRange(
  customer: Customer,
  query: RangeQuery,
  nowMs: number,
  maxDays = MAX_RANGE_DAYS,
): { fromMs: number; toMs: number } {
  const current = periodContaining(billingCycleOf(customer), nowMs);
  const fromMs = query.fromMs ?? current.startMs;
  const toMs = query.toMs ?? current.endMs;
  if (!(toMs > fromMs)) {
    throw new BillingError('invalid_request', 'the range is empty', {
      details: [{ field: 'to', message: 'must be after from' }],
    });
  }
  if (toMs - fromMs > maxDays * MS_PER_DAY) {
    throw new BillingError('invalid_request', `the range is longer than ${maxDays} days`, {
      details: [{ field: 'to', message: `must be at most ${maxDays} days after from` }],
    });
  }
  return { fromMs, toMs };
}

/** The customer's billing periods that overlap [fromMs, toMs), in order. */
export function periodsOverlapping(cycle: BillingCycle, fromMs: number, toMs: number): Period[] {
  const periods: Period[] = [];
  for (let period = periodContaining(cycle, fromMs); period.startMs < toMs;) {
    periods.push(period);
    period = periodContaining(cycle, period.endMs);
  }
  return periods;
}

/**
 * A customer's usage of the periods overlapping [fromMs, toMs), each priced as its invoice
 * prices it. Source: the durable ledger, replayed through the metering domain exactly as the
 * billing cycle applied it (domain/usage/replay-ledger.ts): finalized periods as their final
 * summaries saw them (later events are adjustments on a later invoice), the current period
 * with every event so far and open runs counted up to now. No Temporal involved, so it works
 * for past periods and when Temporal is down. Each period is rated with the plan its invoice
 * uses: the one in effect at the period's last instant once it is over, now while it runs
 * (services/draft-invoice.ts does the same).
 */
export async function loadPricedUsage(
  deps: UsageAnalyticsDeps,
  customer: Customer,
  range: { fromMs: number; toMs: number },
): Promise<PricedPeriod[]> {
  const { db } = deps;
  const nowMs = deps.now();
  const cycle = billingCycleOf(customer);
  const periods = periodsOverlapping(cycle, range.fromMs, range.toMs);
  const first = periods[0] as Period;
  const last = periods[periods.length - 1] as Period;
  // Periods that are over are kept, keyed by the ledger's state (priced-usage-cache.ts).
  const slot = await pricedUsageSlot(db, customer, periods, nowMs);
  if (slot.hit !== undefined) return [...slot.hit];
  const events = await loadEventsForReplay(db, customer.id, {
    countersFromMs: first.startMs,
    untilMs: last.endMs,
  });
  const closes = await loadLedgerCloses(db, customer.id);
  const startedMs = await loadLedgerStartMs(db, customer.id);
  const termsAt = await planTermsLoader(db, customer.id);
  const termsOf = (period: Period) => termsAt(period.endMs <= nowMs ? period.endMs - 1 : nowMs);
  // Peak and percentile prices rate from burst detail: keep it for their meters.
  const burstMeters = new Set<string>();
  for (const period of periods) {
    for (const meter of burstMetersOf((await termsOf(period))?.prices ?? []))
      burstMeters.add(meter);
  }
  const usages = replayLedger({
    burstMeters: [...burstMeters].sort(),
    events,
    closes,
    periods,
    periodStartOf: (instantMs) => periodContaining(cycle, instantMs).startMs,
    // The workflow starts with the period it was started in: at the first event's arrival.
    horizonMs: startedMs === null ? first.startMs : periodContaining(cycle, startedMs).startMs,
    nowMs,
  });
  const priced: PricedPeriod[] = [];
  for (const usage of usages) {
    priced.push(priceUsage(usage, await termsOf(usage.period)));
  }
  slot.store(priced, events.length);
  return priced;
}

/**
 * The plan in effect at an instant (the latest subscription effective at or before it),
 * with each plan loaded once: a range of many daily periods costs two queries, not two per
 * period. The same choice as loadSubscriptionAt in services/draft-invoice.ts.
 */
async function planTermsLoader(
  db: Database,
  customerId: string,
): Promise<(instantMs: number) => Promise<PlanTerms | null>> {
  const subscriptions = await loadSubscriptions(db, customerId);
  const plans = new Map<string, PlanTerms | null>();
  return async (instantMs) => {
    let current: (typeof subscriptions)[number] | null = null;
    for (const subscription of subscriptions) {
      if (subscription.effectiveFromMs <= instantMs) current = subscription;
    }
    if (current === null) return null;
    if (!plans.has(current.planId)) {
      const plan = await loadPlan(db, current.planId);
      plans.set(current.planId, plan ? planTermsOf(plan) : null);
    }
    return plans.get(current.planId) ?? null;
  };
}
