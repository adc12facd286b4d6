import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { loadEventsForReplay, loadLedgerCloses } from '../db/repositories/ledger.repository';
import { loadUsageSummaryLines } from '../db/repositories/usage-summaries.repository';
import {
  loadChargedLinesOfPeriod,
  loadEarliestLateLifecycleMs,
} from '../db/repositories/restatement.repository';
import { periodContaining } from '../domain/calendar';
import { billingCycleOf } from '../domain/customer';
import { invoiceIdFor, usageGroupsOf } from '../domain/invoice';
import { adjustmentTermsOf, type PlanForTerms } from '../domain/invoice/late-usage';
import { rateSegments } from '../domain/invoice/plan-segments';
import {
  billedLinesOf,
  restatedPeriodLines,
  restatementLines,
} from '../domain/invoice/restatement';
import { metersLackingBurst } from '../domain/metering/burst-backfill';
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
 * only the ledger can put them in their intervals (lacksBurstDetail).
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
        (await lacksBurstDetail(db, customerId, period.startMs)))
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
    const invoice = await loadInvoice(db, invoiceIdFor(customerId, period.startMs));
    const plan = invoice && (await loadPlan(db, invoice.planId));
    if (!plan) continue;
    restated.set(
      period.startMs,
      restatementLines({
        currency: plan.currency,
        periodStartMs: period.startMs,
        rated: await rateFromLedger(db, customerId, {
          period,
          plan,
          upToSequence: scope.upToSequence,
          periodStartOf,
        }),
        billed: billedLinesOf(
          period.startMs,
          await loadChargedLinesOfPeriod(db, customerId, period.startMs),
        ),
      }),
    );
  }
  return restated;
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
 * A finalized period whose summary has a group without burst detail on a meter its invoice's
 * plan prices by peak or percentile (domain/metering/burst-backfill.ts, metersLackingBurst):
 * its cycle read no burst meters, so the late counters that run reports for it carry no
 * interval tables and the counter-only adjustment could not rate the percentile.
 */
async function lacksBurstDetail(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<boolean> {
  const invoice = await loadInvoice(db, invoiceIdFor(customerId, periodStartMs));
  const plan = invoice && (await loadPlan(db, invoice.planId));
  if (!plan) return false;
  const summary = await loadUsageSummaryLines(db, customerId, periodStartMs);
  return metersLackingBurst(summary, burstMetersOf(plan.prices)).length > 0;
}
