import { Decimal, toDecimalString } from '../decimal';
import { formatAmount, preciseAmount, sumDecimals } from '../money';
import type { RatedLine, RatedSubLine } from '../rating/rated-line';
import { allocateToParts } from './allocate-to-projects';

/** The line id of a project's part of an organization-wide line; the account keeps the id. */
export function projectLineId(lineId: string, projectId: string | null): string {
  return projectId === null ? lineId : `${lineId}#${projectId}`;
}

const projectOfSub = (sub: RatedSubLine): string | null => sub.projectId ?? null;

/**
 * Organization-wide pricing, allocated exactly. Rating prices each line on the account's
 * total across projects (tiers, free allowances and caps count the whole organization);
 * this splits the line into one line per project (the account's own usage: projectId
 * absent) so that the parts' amounts sum exactly to the line's one rounded amount. Each
 * part's weight is the precise amount of its sub-lines (rating has already split the
 * line's precise amount over its resources in proportion to their units); the rounded
 * amount is then split by largest remainder at the minor unit (allocateToParts).
 *
 * Worked example (EUR; graduated: up to 100 GB at 0.10, above at 0.05): project web 80 GB,
 * project data 60 GB. Alone neither reaches the second tier (8.00 + 6.00 = 14.00); together
 * 140 GB = 100 x 0.10 + 40 x 0.05 = 12.00. Precise shares by units: web 80/140 x 12 =
 * 6.857142..., data 5.142857... -> 685.71 and 514.29 cents -> 685 + 514 = 1199, the last cent
 * to the larger remainder: web 6.86, data 5.14, sum 12.00 = the line.
 *
 * A line of the account alone is returned unchanged (same id), so invoices without projects
 * are exactly what they were.
 */
export function splitLineByProject(line: RatedLine, currency: string): RatedLine[] {
  const parts = new Map<string | null, RatedSubLine[]>();
  for (const sub of line.subLines) {
    const key = projectOfSub(sub);
    parts.set(key, [...(parts.get(key) ?? []), sub]);
  }
  if (parts.size === 0 || (parts.size === 1 && parts.has(null))) return [line];
  // The account's part first, then projects by id: the order never depends on the input.
  const keys = [...parts.keys()].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const precise = keys.map((key) =>
    sumDecimals((parts.get(key) ?? []).map((sub) => new Decimal(sub.preciseAmount))),
  );
  const amounts = allocateToParts(new Decimal(line.amount), precise, currency);
  return keys.map((projectId, i): RatedLine => {
    const subLines = parts.get(projectId) ?? [];
    const { projectId: _lineProject, ...base } = line;
    return {
      ...base,
      lineId: projectLineId(line.lineId, projectId),
      quantity: toDecimalString(sumDecimals(subLines.map((sub) => new Decimal(sub.quantity)))),
      preciseAmount: preciseAmount(precise[i] as Decimal),
      amount: formatAmount(amounts[i] as Decimal, currency),
      subLines,
      ...(projectId === null ? {} : { projectId }),
    };
  });
}

/**
 * Splits a line priced on the account's total (the minimum-commitment top-up) over the
 * projects in proportion to what the other lines charge each of them, exactly (largest
 * remainder). Nothing charged anywhere: the account carries it.
 *
 * Example (EUR): commitment 20.00, lines web 12.30, data 5.01 (17.31) -> top-up 2.69 split
 * 1230 : 501 -> 191.13 and 77.87 cents -> 191 + 77 = 268, the last cent to the larger remainder
 * (.87) -> web 1.91, data 0.78.
 */
export function splitByProjectAmounts(
  line: RatedLine,
  others: readonly RatedLine[],
  currency: string,
): RatedLine[] {
  const charged = new Map<string | null, Decimal>();
  for (const other of others) {
    const key = other.projectId ?? null;
    charged.set(key, (charged.get(key) ?? new Decimal(0)).plus(other.amount));
  }
  if ([...charged.keys()].every((key) => key === null)) return [line];
  const keys = [...charged.keys()].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const amounts = allocateToParts(
    new Decimal(line.amount),
    keys.map((key) => charged.get(key) as Decimal),
    currency,
  );
  return keys
    .map((projectId, i): RatedLine => {
      const amount = formatAmount(amounts[i] as Decimal, currency);
      return {
        ...line,
        lineId: projectLineId(line.lineId, projectId),
        unitPrice: amount,
        preciseAmount: amount,
        amount,
        ...(projectId === null ? {} : { projectId }),
      };
    })
    .filter((part) => !new Decimal(part.amount).isZero());
}
