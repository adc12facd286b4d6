import type { Budget } from '../http/types';

/** A threshold crossed in a period: which, when, and the spend that reached it. */
export type BudgetAlert = Budget['alerts'][number];

const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

/**
 * The alerts of the period starting at `periodStart` (RFC 3339), by threshold. Without a
 * known period (no live figure, no overview period) there is no "this period": none.
 *
 * Example: alerts 50 and 80 of the period from 2026-10-31T23:00:00Z and 100 of the one
 * before -> [50, 80] for periodStart "2026-10-31T23:00:00.000Z".
 */
export function alertsInPeriod(budget: Budget, periodStart: string | null): BudgetAlert[] {
  if (periodStart === null) return [];
  return budget.alerts
    .filter((alert) => sameInstant(alert.periodStart, periodStart))
    .sort((a, b) => a.threshold - b.threshold);
}

/** The period a budget's figures are of: its live figure's, else the given one. */
export function periodOf(budget: Budget, fallback: string | null): string | null {
  return budget.current?.periodStart ?? fallback;
}

/**
 * Where a percent sits on a bar that ends at the larger of 100 % and the highest threshold
 * (so a 120 % threshold is still on it), as a CSS width in percent of the bar, at most 100.
 * For drawing only: the figures beside the bar are the API's exact strings.
 *
 * Example: thresholds [50, 80, 100]: 85 -> 85; 150 -> 100. Thresholds [50, 150]: 75 -> 50.
 */
export function barPosition(percent: string | number, thresholds: readonly number[]): number {
  const end = Math.max(100, ...thresholds);
  const value = Math.max(0, Number(percent));
  return Math.min(100, (value / end) * 100);
}

/** The project's name, else its id; the whole account without a project. */
export function scopeLabel(budget: Budget, projectNames: ReadonlyMap<string, string>): string {
  if (budget.projectId === null) return 'Whole account';
  return `Project ${projectNames.get(budget.projectId) ?? budget.projectId}`;
}

/** A budget's highest threshold crossed in the period, for the overview's banner. */
export interface BannerAlert {
  budgetId: string;
  threshold: number;
  crossedAt: string;
}

/**
 * One line per budget that crossed a threshold in the period: its highest threshold so
 * far and when (the others are on the Budgets page), by budget id.
 *
 * Example: budget "web" crossed 50 and 80 this period -> { web, 80, <80's time> }.
 */
export function bannerAlerts(
  budgets: readonly Budget[],
  periodStart: string | null,
): BannerAlert[] {
  return budgets.flatMap((budget) => {
    const crossed = alertsInPeriod(budget, periodOf(budget, periodStart));
    const highest = crossed[crossed.length - 1];
    return highest === undefined
      ? []
      : [{ budgetId: budget.id, threshold: highest.threshold, crossedAt: highest.crossedAt }];
  });
}
