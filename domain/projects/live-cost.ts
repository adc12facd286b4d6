import { costPerMeter, type MeterCost } from '../invoice';
import { Decimal, toDecimalString } from '../decimal';
import type { UsageReport } from '../metering/usage-report';
import { formatAmount, sumDecimals } from '../money';
import type { RatedLine } from '../rating/rated-line';
import type { LiveBurst } from '../rating/live-burst';
import { projectOf } from './project-dimension';
import { projectOfLine, projectSections } from './sections';

/** The parts of a live usage report that a project narrows. */
type ProjectUsage = Pick<UsageReport, 'resources' | 'meters' | 'openRuns' | 'lateUsage'>;

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
 * The live cost per project: the preview's and the forecast's project sections (the same
 * split the invoice's `projects` shows), the account's own part first, then projects by id.
 * Worked example (EUR, one price): lines web 6.86, data 5.14, account 1.00 -> [null 1.00,
 * data 5.14, web 6.86], sum 13.00 = the lines' subtotal.
 */
export function liveProjectCosts(
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
export function projectView<U extends ProjectUsage>(
  usage: U,
  projectId: string,
  all: {
    preview: { currency: string; lines: readonly RatedLine[] };
    forecast: { lines: readonly RatedLine[] };
    projects: LiveProjectCost[];
    burst: LiveBurst | null;
  },
): { usage: U; cost: LiveCost; burst: LiveBurst | null } {
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
export function usageOfProject<U extends ProjectUsage>(usage: U, projectId: string | null): U {
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
