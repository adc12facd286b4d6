import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { loadEventsForReplay, loadLedgerCloses } from '../db/repositories/ledger.repository';
import {
  loadLateUsageReportedAfter,
  loadUsageSummaryLines,
} from '../db/repositories/usage-summaries.repository';
import {
  loadChargedLinesOfPeriod,
  loadEarliestLateLifecycleMs,
} from '../db/repositories/restatement.repository';
import { periodContaining } from '../domain/calendar';
import { billingCycleOf } from '../domain/customer';
import { invoiceIdFor, usageGroupsOf } from '../domain/invoice';
import {
  adjustmentTermsOf,
  lateUsageToRerate,
  type PlanForTerms,
} from '../domain/invoice/late-usage';
import { rateSegments } from '../domain/invoice/plan-segments';
import {
  billedLinesOf,
  restatedPeriodLines,
  restatementLines,
} from '../domain/invoice/restatement';
import { lateMetersLackingIntervals, metersLackingBurst } from '../domain/metering/burst-backfill';
import { remeterPeriod } from '../domain/metering/remeter';
import type { Period } from '../domain/calendar/types';
import { burstMetersOf, type RatedLine } from '../domain/rating';
import { loadPlanSegments, meterPlanSegments } from './plan-segments';

/** Which period is being drafted, and how far into the ledger its usage goes. */
export interface RestatementScope {
  /** The period being drafted (or previewed): finalized periods before it may be restated. */
  periodStartMs: number;
  /** Its summary's ledger position at a close; null for a live preview (the whole ledger). */
  upToSequence: number | null;
}

/**
 * Restatements of finalized periods that late lifecycle events changed, by period start:
 * when a start, stop or resize stamped before `scope.periodStartMs` reached the ledger since
 * the last finalized period's close, every finalized period from the one it is stamped in
 * on is metered again from the ledger (up to the scope's position) and charged the difference
 * to what its invoices charged (domain/invoice/restatement.ts). A restated period's late
 * counters are in that difference too, so they take no separate late-usage adjustment.
 * Periods without an invoice (no plan then) are not restated. Empty without late events:
 * one indexed query.
 *
 * `lateUsagePeriods`: the finalized periods the drafted period's late counters belong to. One
 * that a plan change split is restated too, so its late counters are rated on the plan of the
 * segment they fall in (the counter-only adjustment rates a period on one plan). So is one
 * whose summary lacks the burst detail its plan prices (a burst price that came after its
 * cycle started): the same cycle run reports its late counters without interval tables, so
 * only the ledger can put them in their intervals; and one whose late counters lack them (a
 * plan change after the period dropped its percentile price: the next cycles keep no
 * intervals for the meter). See lacksBurstDetail.
 */
export async function loadRestatements(
  db: Database,
  customerId: string,
  scope: RestatementScope,
  lateUsagePeriods: readonly number[] = [],
): Promise<Map<number, RatedLine[]>> {
  const restated = new Map<number, RatedLine[]>();
  const closes = (await loadLedgerCloses(db, customerId)).filter(
    (close) => close.periodStartMs < scope.periodStartMs,
  );
  const lastClose = closes[closes.length - 1];
  if (!lastClose) return restated;
  const earliest = await loadEarliestLateLifecycleMs(db, customerId, {
    afterSequence: lastClose.lastSequence,
    upToSequence: scope.upToSequence,
    beforeMs: scope.periodStartMs,
  });
  const toRestate = [];
  for (const close of closes) {
    const period = { startMs: close.periodStartMs, endMs: close.periodEndMs };
    if (earliest !== null && close.periodEndMs > earliest) toRestate.push(period);
    else if (
      lateUsagePeriods.includes(period.startMs) &&
      ((await loadPlanSegments(db, customerId, period)) !== null ||
        (await lacksBurstDetail(db, customerId, period.startMs, scope.periodStartMs)))
    ) {
      toRestate.push(period);
    }
  }
  if (toRestate.length === 0) return restated;
  const customer = await loadCustomer(db, customerId);
  if (!customer) return restated;
  const cycle = billingCycleOf(customer);
  const periodStartOf = (instantMs: number) => periodContaining(cycle, instantMs).startMs;
  for (const period of toRestate) {
    const lines = await restate(db, customerId, {
      period,
      upToSequence: scope.upToSequence,
      periodStartOf,
    });
    if (lines) restated.set(period.startMs, lines);
  }
  return restated;
}

/**
 * One finalized period restated from the ledger up to `upToSequence` (null: the whole
 * ledger), as loadRestatements restates it: the adjustment lines of what it costs now minus
 * what finalized invoices charged for it. Null when it had no invoice (no plan then). For a
 * reader without a close's ledger position (budgets, the overview, a preview whose late
 * counters the close has not reported yet: services/late-usage-adjustments.ts).
 */
export async function restatePeriod(
  db: Database,
  customerId: string,
  input: { period: Period; upToSequence: number | null },
): Promise<RatedLine[] | null> {
  const customer = await loadCustomer(db, customerId);
  if (!customer) return null;
  const cycle = billingCycleOf(customer);
  return restate(db, customerId, {
    ...input,
    periodStartOf: (instantMs) => periodContaining(cycle, instantMs).startMs,
  });
}

async function restate(
  db: Database,
  customerId: string,
  input: {
    period: Period;
    upToSequence: number | null;
    periodStartOf: (instantMs: number) => number;
  },
): Promise<RatedLine[] | null> {
  const { period } = input;
  const invoice = await loadInvoice(db, invoiceIdFor(customerId, period.startMs));
  const plan = invoice && (await loadPlan(db, invoice.planId));
  if (!plan) return null;
  return restatementLines({
    currency: plan.currency,
    periodStartMs: period.startMs,
    rated: await rateFromLedger(db, customerId, { ...input, plan }),
    billed: billedLinesOf(
      period.startMs,
      await loadChargedLinesOfPeriod(db, customerId, period.startMs),
    ),
  });
}

/**
 * A finalized period metered again from the ledger and rated as its invoice rated it, without
 * the minimum commitment: on the invoice's plan, or, when a plan change split the period, each
 * segment on its own plan (the same segments and line ids as the close, plan-segments.ts).
 */
async function rateFromLedger(
  db: Database,
  customerId: string,
  input: {
    period: Period;
    plan: PlanForTerms;
    upToSequence: number | null;
    periodStartOf: (instantMs: number) => number;
  },
): Promise<RatedLine[]> {
  const { period, plan, upToSequence } = input;
  const segments = await loadPlanSegments(db, customerId, period);
  if (segments) {
    const withoutCommitment = segments.map((segment) => ({
      ...segment,
      terms: { ...segment.terms, minimumCommitment: null },
    }));
    const metered = await meterPlanSegments(db, customerId, {
      period,
      segments: withoutCommitment,
      upToSequence,
      asOfMs: period.endMs,
    });
    return rateSegments(plan.currency, metered).lines;
  }
  const events = (
    await loadEventsForReplay(db, customerId, {
      countersFromMs: period.startMs,
      untilMs: period.endMs,
    })
  ).filter((event) => upToSequence === null || event.seq <= upToSequence);
  return restatedPeriodLines(
    adjustmentTermsOf(plan),
    usageGroupsOf(
      remeterPeriod(events, period, input.periodStartOf, {
        burstMeters: burstMetersOf(plan.prices),
      }),
    ),
  );
}

/**
 * A finalized period whose late counters the counter-only adjustment could not place in
 * their intervals, on a meter its invoice's plan prices by peak or percentile
 * (domain/metering/burst-backfill.ts):
 * - its summary has a group without burst detail (metersLackingBurst): its cycle read no
 *   burst meters, so the late counters that run reports carry no interval tables either;
 * - a late counter the adjustment would rate (one finalized invoices charged, or one the
 *   period drafted at `draftedPeriodStartMs` reports: lateUsageToRerate) has no interval
 *   table (lateMetersLackingIntervals): the cycle that reported it kept none for the meter,
 *   its own plan pricing it by neither (a plan change after the period).
 */
async function lacksBurstDetail(
  db: Database,
  customerId: string,
  periodStartMs: number,
  draftedPeriodStartMs: number,
): Promise<boolean> {
  const invoice = await loadInvoice(db, invoiceIdFor(customerId, periodStartMs));
  const plan = invoice && (await loadPlan(db, invoice.planId));
  if (!plan) return false;
  const burstMeters = burstMetersOf(plan.prices);
  if (burstMeters.length === 0) return false;
  const late = lateUsageToRerate(
    periodStartMs,
    draftedPeriodStartMs,
    await loadLateUsageReportedAfter(db, customerId, periodStartMs),
  );
  if (lateMetersLackingIntervals(late, burstMeters).length > 0) return true;
  const summary = await loadUsageSummaryLines(db, customerId, periodStartMs);
  return metersLackingBurst(summary, burstMeters).length > 0;
}
