import type { BillingCycles } from '../adapters/temporal/billing-cycles';
import type { Database } from '../db/client';
import { loadProjects } from '../db/repositories/projects.repository';
import { BillingError } from '../domain/errors';
import { draftInvoice, usageGroupsOf, type DraftInvoice } from '../domain/invoice';
import type { SegmentUsage } from '../domain/invoice/plan-segments';
import type { Principal } from '../domain/principal';
import type { Project } from '../domain/projects/project';
import { burstMetersOf } from '../domain/rating';
import { loadVisibleCustomer } from './access';
import { loadDraftContext, type DraftContext } from './draft-invoice';
import { withBurstDetail } from './load-burst-meters';
import { meterPlanSegments } from './plan-segments';

/** The workflow's live usage of the current period (see workflows/definitions.ts). */
export type LiveUsage = Awaited<ReturnType<BillingCycles['queryUsage']>>;

export interface LiveInvoiceDeps {
  db: Database;
  cycles: Pick<BillingCycles, 'queryUsage'>;
  now(): number;
}

export interface LiveInvoice {
  usage: LiveUsage;
  /** The current period's invoice if it closed now; null without a plan. */
  preview: DraftInvoice | null;
  /** What the preview was drafted with, to draft other usage of the period alike. */
  context: DraftContext | null;
  /** A period with a plan change inside: each segment's usage so far; null: one plan. */
  segments: SegmentUsage[] | null;
}

/**
 * The current period so far: live usage from the customer's workflow, as of the API's clock
 * (inside a query the workflow clock stands at its last task), and that usage drafted by
 * the same assembly as the period close: the plan in effect now, taxes, coupons, credits,
 * late-usage adjustments and the minimum commitment.
 */
export async function loadLiveInvoice(
  deps: LiveInvoiceDeps,
  customerId: string,
): Promise<LiveInvoice> {
  const asOfMs = deps.now();
  let reported: LiveUsage;
  try {
    reported = await deps.cycles.queryUsage(customerId, asOfMs, true);
  } catch (error) {
    throw new BillingError('temporal_unavailable', 'live usage is unavailable right now', {
      retryable: true,
      cause: error,
    });
  }
  const context = await loadDraftContext(deps, {
    customerId,
    lateUsage: reported.lateUsage,
    termsAtMs: asOfMs,
    // What the period close would restate with the events the workflow has applied so far.
    restate: { periodStartMs: reported.period.startMs, upToSequence: reported.lastSequence },
    period: reported.period,
  });
  // A peak or percentile price that arrived after the cycle read its plan: burst detail
  // metered from the ledger the workflow has applied (load-burst-meters.ts, withBurstDetail).
  const resources =
    context &&
    (await withBurstDetail(deps, {
      customerId,
      usage: reported.resources,
      burstMeters: burstMetersOf(context.terms.prices),
      period: reported.period,
      upToSequence: reported.lastSequence,
      asOfMs: reported.asOfMs,
    }));
  const usage: LiveUsage =
    resources && resources !== reported.resources
      ? { ...reported, resources: [...resources] }
      : reported;
  // A plan change inside the period: the segments metered from the ledger the workflow has
  // applied, to now, as the close will meter them to the period end.
  const segments =
    context?.planSegments &&
    (await meterPlanSegments(deps.db, customerId, {
      period: usage.period,
      segments: context.planSegments,
      upToSequence: usage.lastSequence,
      asOfMs: usage.asOfMs,
    }));
  const preview =
    context &&
    draftInvoice({
      ...context,
      customerId,
      period: usage.period,
      usage: usageGroupsOf(usage.resources),
      ...(segments ? { segments } : {}),
    });
  return { usage, preview, context, segments: segments ?? null };
}

/**
 * A dry run of the current period's invoice: exactly the draft the period close would
 * write for the usage so far, with the customer's projects to name its sections.
 * no_subscription when the customer has no plan to rate with.
 */
export async function previewInvoice(
  deps: LiveInvoiceDeps,
  principal: Principal,
  customerId: string,
): Promise<{ usage: LiveUsage; preview: DraftInvoice; projects: Project[] }> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const { usage, preview } = await loadLiveInvoice(deps, customer.id);
  if (!preview) {
    throw new BillingError('no_subscription', `customer ${customer.id} has no plan to rate with`);
  }
  // The projects name the preview's sections, as the invoice's.
  return { usage, preview, projects: await loadProjects(deps.db, customer.id) };
}
