import { Decimal, toDecimalString } from '../decimal';
import { dimensionsKey } from '../metering/dimensions';
import type { LateUsage } from '../metering/usage-report';
import { formatAmount, preciseAmount } from '../money';
import { ratePeriod, type RatedLine, type UsageGroup } from '../rating';
import type { PlanTerms } from './draft-invoice';
import { subLineChanges } from './sub-line-changes';

/** Adjustment lines carry the period they correct: adj-<periodStartMs>-<original line id>. */
export function adjustmentLineId(periodStartMs: number, lineId: string): string {
  return `adj-${periodStartMs}-${lineId}`;
}

/** True for the id of an adjustment line (the only lines that may be negative). */
export function isAdjustmentLineId(lineId: string): boolean {
  return /^adj-\d+-/.test(lineId);
}

const groupKey = (g: { resourceId: string; meter: string; dimensions: Record<string, string> }) =>
  `${g.resourceId}\u0000${g.meter}\u0000${dimensionsKey(g.dimensions)}`;

/**
 * The period's usage with the late counters added to their resources; a late counter kept
 * per interval (a percentile meter) adds to its intervals too, so the percentile is re-rated
 * with the late traffic in the intervals it belongs to.
 */
function withLateUsage(original: readonly UsageGroup[], late: readonly LateUsage[]): UsageGroup[] {
  const merged = new Map(original.map((group) => [groupKey(group), { ...group }]));
  // The period's bounds as the original burst detail gives them (every group shares them).
  const bounds = original.find((group) => group.burst !== undefined)?.burst;
  for (const usage of late) {
    const key = groupKey(usage);
    const group = merged.get(key) ?? {
      resourceId: usage.resourceId,
      meter: usage.meter,
      dimensions: usage.dimensions,
      seconds: '0',
      quantitySeconds: '0',
      quantity: '0',
      runs: [],
    };
    const burst = group.burst ?? (bounds && { ...bounds, segments: [], intervals: {} });
    merged.set(key, {
      ...group,
      quantity: toDecimalString(new Decimal(group.quantity).plus(usage.quantity)),
      ...(usage.intervals === undefined || burst === undefined
        ? {}
        : { burst: { ...burst, intervals: addIntervals(burst.intervals, usage.intervals) } }),
    });
  }
  return [...merged.values()];
}

/**
 * Usage that arrived after its period's invoice was final never edits that invoice: it is
 * charged on the next one as adjustment lines. Each adjustment is what the finalized
 * period costs with every late batch so far minus what was already billed for it (its
 * usage as invoiced plus the late batches earlier adjustments charged), per rated line,
 * as the difference of the rounded amounts. All the invoices together then charge exactly
 * what one complete invoice would have, tiers included (late GB land in the tier the
 * period had reached, not in the first one), however many times late usage arrives. The
 * plan-level minimum commitment was settled on the original invoice and is not revisited.
 *
 * Example: egress graduated 0.09/GB up to 10 GB, 0.05/GB above; the period had 9 GB
 * (0.81). 3 GB arrive late: 10 x 0.09 + 2 x 0.05 = 1.00, so the adjustment is 0.19. After
 * the next close 3 GB more arrive: 10 x 0.09 + 5 x 0.05 = 1.15 against the 1.00 billed, so
 * the adjustment is 0.15 (not 0.19 again, which rating 9 + 3 GB would give).
 *
 * Each resource whose share moved gets a sub-line (subLineChanges), so they add up to the
 * line: with 9 GB on lb-1 and 2 GB on lb-2 billed (0.95), 1 GB late on lb-1 (1.00) gives
 * lb-1 +1 GB +0.0561 and lb-2 0 GB -0.0061 (its 2 GB now cost the lower average price).
 */
export function rateLateUsageAdjustments(input: {
  terms: PlanTerms;
  periodStartMs: number;
  /** The finalized period's usage as it was invoiced. */
  original: readonly UsageGroup[];
  /** Late usage of the period that earlier adjustments already charged (see lateUsageBilledBefore). */
  billedLate: readonly LateUsage[];
  /** Late usage of the period not charged yet. */
  late: readonly LateUsage[];
}): RatedLine[] {
  const { terms, periodStartMs } = input;
  if (input.late.length === 0) return [];
  const rate = (usage: UsageGroup[]) =>
    ratePeriod({ currency: terms.currency, prices: terms.prices, usage }).lines;
  const billed = withLateUsage(input.original, input.billedLate);
  const before = new Map(rate(billed).map((line) => [line.lineId, line]));
  const adjustments: RatedLine[] = [];
  for (const after of rate(withLateUsage(billed, input.late))) {
    const was = before.get(after.lineId);
    const amount = new Decimal(after.amount).minus(was?.amount ?? 0);
    if (amount.isZero()) continue;
    const quantity = new Decimal(after.quantity).minus(was?.quantity ?? 0);
    adjustments.push({
      ...after,
      lineId: adjustmentLineId(periodStartMs, after.lineId),
      quantity: toDecimalString(quantity),
      unitPrice: quantity.isZero() ? after.unitPrice : preciseAmount(amount.div(quantity)),
      preciseAmount: preciseAmount(new Decimal(after.preciseAmount).minus(was?.preciseAmount ?? 0)),
      amount: formatAmount(amount, terms.currency),
      subLines: subLineChanges(after.subLines, was?.subLines ?? []),
    });
  }
  return adjustments;
}

function addIntervals(
  table: Readonly<Record<string, string>>,
  late: Readonly<Record<string, string>>,
): Record<string, string> {
  const sum = { ...table };
  for (const [index, quantity] of Object.entries(late)) {
    sum[index] = toDecimalString(new Decimal(sum[index] ?? '0').plus(quantity));
  }
  return sum;
}
