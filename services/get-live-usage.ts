import {
  costPerMeter,
  draftInvoice,
  projectUsageToPeriodEnd,
  usageGroupsOf,
} from '../domain/invoice';
import { projectSegmentsToPeriodEnd } from '../domain/invoice/plan-segments';
import type { Principal } from '../domain/principal';
import {
  liveProjectCosts,
  projectView,
  usageOfProject,
  type LiveCost,
} from '../domain/projects/live-cost';
import { hasProjects } from '../domain/projects/sections';
import { liveBurst, type LiveBurst } from '../domain/rating/live-burst';
import { loadProjects } from '../db/repositories/projects.repository';
import { loadVisibleUsageScope } from './access';
import { loadLiveInvoice, type LiveInvoiceDeps, type LiveUsage } from './preview-invoice';

/**
 * Usage so far, with its cost so far and a forecast to the period end when the customer
 * has a plan (null otherwise). The cost so far is the total of the invoice the period would
 * get now. The forecast is the total of the invoice the period would get if the current
 * state went on to its end (open runs keep running, counters keep their average rate so
 * far: `projectUsageToPeriodEnd`), drafted by the same assembly with the same plan, so caps,
 * tiers, minimums and the minimum commitment apply; late-usage adjustments are on it once,
 * as they are.
 */
export async function getLiveUsage(
  deps: LiveInvoiceDeps,
  principal: Principal,
  customerId: string,
  options: { projectId?: string } = {},
): Promise<{ usage: LiveUsage; cost: LiveCost | null; burst: LiveBurst | null }> {
  // A project key is narrowed to its own project; another project is project_not_found.
  const scope = await loadVisibleUsageScope(deps.db, principal, customerId, options.projectId);
  const { customer } = scope;
  const { usage, preview, context, segments } = await loadLiveInvoice(deps, customer.id);
  if (!preview || !context) {
    return { usage: usageOfProject(usage, scope.projectId), cost: null, burst: null };
  }
  const accruedUsage = usageGroupsOf(usage.resources);
  const projectedUsage = projectUsageToPeriodEnd({
    period: usage.period,
    asOfMs: usage.asOfMs,
    usage: accruedUsage,
    openRuns: usage.openRuns,
  });
  // Drafted with the preview's own context: one load, the same plan and adjustments.
  const forecast = draftInvoice({
    ...context,
    customerId: customer.id,
    period: usage.period,
    usage: projectedUsage,
    // A plan change inside the period: each segment projected on its own plan.
    ...(segments
      ? { segments: projectSegmentsToPeriodEnd(segments, usage.asOfMs, usage.openRuns) }
      : {}),
  });
  // A plan change inside the period rates each segment on its own plan: no one set of
  // figures describes the period then, so none is given.
  const burst = segments ? null : liveBurst(context.terms.prices, accruedUsage, projectedUsage);
  // Sections only when a line belongs to a project, as the invoice is shown in sections.
  const sectioned =
    scope.projectId !== null || hasProjects(preview.lines) || hasProjects(forecast.lines);
  const projects = sectioned
    ? liveProjectCosts(
        preview.currency,
        preview.lines,
        forecast.lines,
        await loadProjects(deps.db, customer.id),
      )
    : [];
  if (scope.projectId !== null) {
    return projectView(usage, scope.projectId, { preview, forecast, projects, burst });
  }
  return {
    usage,
    burst,
    cost: {
      currency: preview.currency,
      accrued: preview.totals.total,
      forecast: forecast.totals.total,
      meters: costPerMeter({
        currency: preview.currency,
        meters: usage.meters.map((meter) => meter.meter),
        accrued: preview.lines,
        forecast: forecast.lines,
      }),
      ...(sectioned ? { projects } : {}),
    },
  };
}
