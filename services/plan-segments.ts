import type { Database } from '../db/client';
import { burstMetersOf } from '../domain/rating';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadEventsForReplay } from '../db/repositories/ledger.repository';
import { loadSubscriptionsOverlapping } from '../db/repositories/subscriptions.repository';
import { periodContaining } from '../domain/calendar';
import type { Period } from '../domain/calendar/types';
import { billingCycleOf } from '../domain/customer';
import { usageGroupsOf } from '../domain/invoice';
import { planTermsOf } from '../domain/invoice/late-usage';
import {
  meterSegment,
  planSpansOf,
  segmentTerms,
  type PlanSegment,
  type SegmentUsage,
} from '../domain/invoice/plan-segments';

/**
 * The plan segments of a customer's period when a subscription change falls inside it, each
 * with its plan's terms prorated to its length (domain/invoice/plan-segments.ts); null when
 * one plan covers the whole period (the draft then rates the period's usage as it always
 * did). One indexed query when nothing changes.
 */
export async function loadPlanSegments(
  db: Database,
  customerId: string,
  period: Period,
): Promise<PlanSegment[] | null> {
  const spans = planSpansOf(period, await loadSubscriptionsOverlapping(db, customerId, period));
  if (spans.length < 2) return null;
  const segments: PlanSegment[] = [];
  for (const span of spans) {
    const plan = await loadPlan(db, span.planId);
    if (!plan) return null;
    segments.push(segmentTerms(planTermsOf(plan), span, period));
  }
  return segments;
}

/**
 * Each segment's usage metered from the ledger (meterSegment): the events up to ledger
 * position `upToSequence` (a summary's at a close, the workflow's for a preview; null: all),
 * run time clipped at `asOfMs` (the period end at a close, now for a preview).
 */
export async function meterPlanSegments(
  db: Database,
  customerId: string,
  input: {
    period: Period;
    segments: readonly PlanSegment[];
    upToSequence: number | null;
    asOfMs: number;
  },
): Promise<SegmentUsage[]> {
  const { period, upToSequence } = input;
  const customer = await loadCustomer(db, customerId);
  if (!customer) return [];
  const cycle = billingCycleOf(customer);
  const periodStartOf = (instantMs: number) => periodContaining(cycle, instantMs).startMs;
  const events = (
    await loadEventsForReplay(db, customerId, {
      countersFromMs: period.startMs,
      untilMs: period.endMs,
    })
  ).filter((event) => upToSequence === null || event.seq <= upToSequence);
  return input.segments.map((segment) => ({
    ...segment,
    usage: usageGroupsOf(
      meterSegment(
        events,
        segment,
        input.asOfMs,
        periodStartOf,
        period,
        burstMetersOf(segment.terms.prices),
      ),
    ),
  }));
}
