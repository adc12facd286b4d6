import { Decimal, toDecimalString } from '../decimal';
import { preciseAmount } from '../money';
import type { RatedSubLine } from '../rating';

/**
 * What an adjustment changes per resource: the re-rated sub-line minus what was billed for
 * that resource, for every resource whose units or amount moved, re-rated resources first.
 * The changes sum to the line's precise change (a resource whose units stayed can still move
 * when a tier's average price does). Drill-down only: the line's own amount is what is
 * charged. Used by restatements (late lifecycle events) and late usage alike.
 *
 * Example (0.10 an hour): vm-1 billed 24 h (2.4), restated 18 h (1.8); vm-2 billed and
 * restated 1 h (0.1) -> one sub-line, vm-1: -6 h, -0.6.
 */
export function subLineChanges(
  restated: readonly RatedSubLine[],
  billed: readonly RatedSubLine[],
): RatedSubLine[] {
  const before = new Map(billed.map((sub) => [sub.resourceId, sub]));
  const changes: RatedSubLine[] = [];
  const push = (resourceId: string, now?: RatedSubLine, was?: RatedSubLine) => {
    const quantity = new Decimal(now?.quantity ?? 0).minus(was?.quantity ?? 0);
    const amount = new Decimal(now?.preciseAmount ?? 0).minus(was?.preciseAmount ?? 0);
    if (quantity.isZero() && amount.isZero()) return;
    const projectId = now?.projectId ?? was?.projectId;
    changes.push({
      resourceId,
      quantity: toDecimalString(quantity),
      preciseAmount: preciseAmount(amount),
      ...(projectId === undefined ? {} : { projectId }),
    });
  };
  for (const sub of restated) {
    push(sub.resourceId, sub, before.get(sub.resourceId));
    before.delete(sub.resourceId);
  }
  for (const [resourceId, was] of before) push(resourceId, undefined, was);
  return changes;
}
