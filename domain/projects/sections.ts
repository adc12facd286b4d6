import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { formatAmount, sumDecimals } from '../money';
import type { RatedLine } from '../rating/rated-line';
import type { Project } from './project';

/** A project id is `[A-Za-z0-9._:-]+`; a line id never ends in `#` + such text otherwise. */
const PROJECT_SUFFIX = /#([A-Za-z0-9._:-]+)$/;

/**
 * The project of an invoice line: the line's own field while it is drafted, else the
 * `#<projectId>` suffix its id was given by projectLineId (stored lines; the database's
 * invoice_lines.project_id is generated from the same suffix). null: the account itself.
 * Example: "egress:[]#web" -> "web"; "egress:[]" -> null; "adj-1700000000000-egress:[]#web" -> "web".
 */
export function projectOfLine(line: Pick<RatedLine, 'lineId' | 'projectId'>): string | null {
  return line.projectId ?? PROJECT_SUFFIX.exec(line.lineId)?.[1] ?? null;
}

/** One project's section of a central invoice: its lines' amounts summed. */
export interface ProjectSection {
  /** null: the account's own lines. */
  projectId: string | null;
  /** The project's name; null for the account's own section. */
  name: string | null;
  team: string | null;
  costCenter: string | null;
  purchaseOrderReference: string | null;
  /** The sum of the section's line amounts, with the currency's decimals. */
  subtotal: string;
  lineIds: string[];
}

/**
 * The sections of a central invoice, the account's own lines first, then projects by id;
 * lines keep their invoice order within a section. Every line belongs to exactly one, so
 * the subtotals sum exactly to the invoice subtotal (asserted when it is given). A project that no longer
 * resolves (it cannot be deleted, so only in hand-made data) keeps its id as its name.
 *
 * Example: lines "egress:[]" 1.00, "egress:[]#web" 6.86, "egress:[]#data" 5.14 ->
 * [null 1.00, data 5.14, web 6.86], sum 13.00 = subtotal.
 */
export function projectSections(
  lines: readonly Pick<RatedLine, 'lineId' | 'projectId' | 'amount'>[],
  projects: readonly Project[],
  currency: string,
  subtotal?: string,
): ProjectSection[] {
  const byId = new Map(projects.map((project) => [project.id, project]));
  const sections = new Map<string | null, { amounts: Decimal[]; lineIds: string[] }>();
  for (const line of lines) {
    const projectId = projectOfLine(line);
    const section = sections.get(projectId) ?? { amounts: [], lineIds: [] };
    section.amounts.push(new Decimal(line.amount));
    section.lineIds.push(line.lineId);
    sections.set(projectId, section);
  }
  const ordered = [...sections].sort(([a], [b]) =>
    a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const result = ordered.map(([projectId, { amounts, lineIds }]): ProjectSection => {
    const project = projectId === null ? undefined : byId.get(projectId);
    return {
      projectId,
      name: projectId === null ? null : (project?.name ?? projectId),
      team: project?.team ?? null,
      costCenter: project?.costCenter ?? null,
      purchaseOrderReference: project?.purchaseOrderReference ?? null,
      subtotal: formatAmount(sumDecimals(amounts), currency),
      lineIds,
    };
  });
  if (subtotal !== undefined) {
    const sum = sumDecimals(result.map((section) => new Decimal(section.subtotal)));
    if (!sum.eq(subtotal)) {
      throw new BillingError('invoice_invariant_violated', 'project subtotals do not add up', {
        details: { subtotal, sum: sum.toFixed() },
      });
    }
  }
  return result;
}

/** True when any line belongs to a project: the invoice is then shown in sections. */
export function hasProjects(lines: readonly Pick<RatedLine, 'lineId' | 'projectId'>[]): boolean {
  return lines.some((line) => projectOfLine(line) !== null);
}
