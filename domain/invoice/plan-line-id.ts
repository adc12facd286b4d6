import type { RatedLine } from '../rating/rated-line';

/**
 * Line ids of a period split by a plan change (domain/invoice/plan-segments.ts;
 * docs/billing-rules.md, "Plan changes within a period"): the plan is an `@<planId>` suffix,
 * before a project's `#<projectId>` (domain/projects/split-line.ts). No column stores a
 * line's plan: it is read back from the id.
 */

/** A plan id is `[A-Za-z0-9._:-]+`, so is a project id; a rated line id never ends this way. */
const PLAN_SUFFIX = /@([A-Za-z0-9._:-]+)(?:#[A-Za-z0-9._:-]+)?$/;

/**
 * A segment's line id: `<lineId>@<planId>`, before the project suffix when the line is a
 * project's part (`<lineId>@<planId>#<projectId>`, domain/projects/split-line.ts), so the
 * project is still the id's last suffix. Only lines of a period with more than one plan get
 * it: single-plan invoices keep their ids.
 * Example: "vm:[]" on plan-b -> "vm:[]@plan-b"; "vm:[]#web" -> "vm:[]@plan-b#web".
 */
export function segmentLineId(
  line: Pick<RatedLine, 'lineId' | 'projectId'>,
  planId: string,
): string {
  const projectSuffix = line.projectId === undefined ? '' : `#${line.projectId}`;
  const base =
    projectSuffix !== '' && line.lineId.endsWith(projectSuffix)
      ? line.lineId.slice(0, -projectSuffix.length)
      : line.lineId;
  return `${base}@${planId}${projectSuffix}`;
}

/**
 * The plan that priced a line: its id's `@<planId>` suffix (a split period), else the
 * invoice's plan. Adjustment ids keep the suffix of the line they adjust.
 * Example: "vm:[]@plan-b#web" -> "plan-b"; "vm:[]" -> the invoice's plan.
 */
export function planIdOfLine(lineId: string, invoicePlanId: string): string {
  return segmentPlanOfLine(lineId) ?? invoicePlanId;
}

/** The plan suffix of a split period's line id; null for any other line. */
export function segmentPlanOfLine(lineId: string): string | null {
  return PLAN_SUFFIX.exec(lineId)?.[1] ?? null;
}
