import {
  costPerMeter,
  draftInvoice,
  projectUsageToPeriodEnd,
  usageGroupsOf,
  type MeterCost,
} from '../domain/invoice';
import { projectSegmentsToPeriodEnd } from '../domain/invoice/plan-segments';
import { Decimal, toDecimalString } from '../domain/decimal';
import { dimensionsKey } from '../domain/metering/dimensions';
import { formatAmount, sumDecimals } from '../domain/money';
import type { Principal } from '../domain/principal';
import { projectOf } from '../domain/projects/project-dimension';
import { hasProjects, projectOfLine, projectSections } from '../domain/projects/sections';
import type { RatedLine } from '../domain/rating/rated-line';
import {
  burstFiguresOf,
  type BurstFigure,
  type LineBurstFigure,
} from '../domain/rating/burst-figures';
import { loadProjects } from '../db/repositories/projects.repository';
import { loadVisibleUsageScope } from './access';
import { loadLiveInvoice, type LiveInvoiceDeps, type LiveUsage } from './preview-invoice';

/** What the period costs so far (the preview's total) and projected to its end. */
export interface LiveCost {
  currency: string;
  accrued: string;
  forecast: string;
  /** The same per meter: the lines of each meter, before coupons and taxes. */
  meters: MeterCost[];
  /**
   * The same per project (the account's own part: null): its section of the invoice.
   * Absent when no line belongs to a project (the invoice then has no sections).
   */
  projects?: LiveProjectCost[];
}

/**
 * One project's part of the live cost: the sum of its invoice lines (its section subtotal,
 * domain/projects/sections.ts) so far and projected, before coupons and taxes. Lines are
 * priced on the organization's total and split to projects by largest remainder at rating
 * (domain/projects/split-line.ts), so the parts sum exactly to the lines' subtotal.
 */
export interface LiveProjectCost {
  projectId: string | null;
  name: string | null;
  accrued: string;
  forecast: string;
}

/**
 * What the burst rules (baseline, peak, percentile: domain/rating/burst-figures.ts) make of
 * the usage so far, under the plan in effect now, and of the forecast's projected usage.
 */
export interface LiveBurst {
  /** Per entry of `usage.resources`, in its order: the group's own figure, or null. */
  resources: (BurstFigure | null)[];
  /** Per invoice line of a burst price: so far, and in the forecast (the same line). */
  lines: { accrued: LineBurstFigure; forecast: LineBurstFigure | null }[];
}

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

/**
 * The live cost per project: the preview's and the forecast's project sections (the same
 * split the invoice's `projects` shows), the account's own part first, then projects by id.
 * Worked example (EUR, one price): lines web 6.86, data 5.14, account 1.00 -> [null 1.00,
 * data 5.14, web 6.86], sum 13.00 = the lines' subtotal.
 */
function liveProjectCosts(
  currency: string,
  accrued: readonly RatedLine[],
  forecast: readonly RatedLine[],
  known: Parameters<typeof projectSections>[1],
): LiveProjectCost[] {
  const now = projectSections(accrued, known, currency);
  const later = projectSections(forecast, known, currency);
  const zero = formatAmount(new Decimal(0), currency);
  const ids = [...new Set([...now, ...later].map((section) => section.projectId))].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return ids.map((projectId) => {
    const a = now.find((section) => section.projectId === projectId);
    const f = later.find((section) => section.projectId === projectId);
    return {
      projectId,
      name: a?.name ?? f?.name ?? null,
      accrued: a?.subtotal ?? zero,
      forecast: f?.subtotal ?? zero,
    };
  });
}

/**
 * The live usage and cost of one project: its resources, open runs and late usage, its
 * meters' totals summed from its resources, and as cost its section of the preview and of
 * the forecast (so `accrued` equals the invoice's project subtotal), its lines per meter and
 * its burst figures (burst lines of the project only; an organization-wide line is nobody's).
 */
function projectView(
  usage: LiveUsage,
  projectId: string,
  all: {
    preview: { currency: string; lines: readonly RatedLine[] };
    forecast: { lines: readonly RatedLine[] };
    projects: LiveProjectCost[];
    burst: LiveBurst | null;
  },
): { usage: LiveUsage; cost: LiveCost; burst: LiveBurst | null } {
  const { currency } = all.preview;
  const own = projectOfLineIs(projectId);
  const zero = formatAmount(new Decimal(0), currency);
  const part = all.projects.find((p) => p.projectId === projectId);
  const narrowed = usageOfProject(usage, projectId);
  const burst = all.burst && {
    resources: all.burst.resources.filter((_, i) => mine(usage.resources[i], projectId)),
    lines: all.burst.lines.filter((line) => projectOf(line.accrued.dimensions) === projectId),
  };
  return {
    usage: narrowed,
    burst,
    cost: {
      currency,
      accrued: part?.accrued ?? zero,
      forecast: part?.forecast ?? zero,
      meters: costPerMeter({
        currency,
        meters: narrowed.meters.map((meter) => meter.meter),
        accrued: all.preview.lines.filter(own),
        forecast: all.forecast.lines.filter(own),
      }),
      projects: part ? [part] : [],
    },
  };
}

const projectOfLineIs =
  (projectId: string) =>
  (line: RatedLine): boolean =>
    projectOfLine(line) === projectId;

const mine = (group: { dimensions: Record<string, string> } | undefined, projectId: string) =>
  group !== undefined && projectOf(group.dimensions) === projectId;

/**
 * The usage of one project (null: all of it): its resources, open runs and late usage, and
 * the meters' totals summed from its resources (exact decimals, as the report sums them).
 */
function usageOfProject(usage: LiveUsage, projectId: string | null): LiveUsage {
  if (projectId === null) return usage;
  const resources = usage.resources.filter((r) => mine(r, projectId));
  const meters = [...new Set(resources.map((r) => r.meter))].sort().map((meter) => {
    const of = resources.filter((r) => r.meter === meter);
    const sum = (pick: (r: (typeof of)[number]) => string) =>
      toDecimalString(sumDecimals(of.map((r) => new Decimal(pick(r)))));
    return {
      meter,
      seconds: sum((r) => r.seconds),
      quantitySeconds: sum((r) => r.quantitySeconds),
      quantity: sum((r) => r.quantity),
    };
  });
  return {
    ...usage,
    resources,
    meters,
    openRuns: usage.openRuns.filter((run) => mine(run, projectId)),
    lateUsage: usage.lateUsage.filter((late) => mine(late, projectId)),
  };
}

/**
 * The figures so far and projected, the projected line matched by price and dimensions. The
 * projection keeps percentile counters and peaks as they are and lets open runs run on, so
 * the forecast figures are what the forecast's lines were rated with.
 */
function liveBurst(
  prices: Parameters<typeof burstFiguresOf>[0],
  accrued: Parameters<typeof burstFiguresOf>[1],
  projected: Parameters<typeof burstFiguresOf>[1],
): LiveBurst {
  const now = burstFiguresOf(prices, accrued);
  const key = (line: LineBurstFigure) =>
    JSON.stringify([line.priceId, dimensionsKey(line.dimensions)]);
  const later = new Map(
    burstFiguresOf(prices, projected, { groups: false }).lines.map((l) => [key(l), l]),
  );
  return {
    resources: now.groups,
    lines: now.lines.map((line) => ({ accrued: line, forecast: later.get(key(line)) ?? null })),
  };
}
