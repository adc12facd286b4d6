import { Decimal, toDecimalString } from '../decimal';
import { formatAmount, preciseAmount } from '../money';
import { ratePeriod, type RatedLine, type RatedSubLine, type UsageGroup } from '../rating';
import { adjustmentLineId } from './adjustments';
import type { PlanTerms } from './draft-invoice';
import { subLineChanges } from './sub-line-changes';

/** What the finalized invoices have charged so far for one line of a period. */
export interface BilledLine {
  /** The line id on the period's own invoice (adjustments carry it after `adj-<start>-`). */
  lineId: string;
  priceId: string;
  meter: string;
  dimensions: Record<string, string>;
  unit: string;
  /** Billed units: the original line's plus every adjustment's. */
  quantity: string;
  /** Rounded amounts summed: the original line's plus every adjustment's. */
  amount: string;
  preciseAmount: string;
  /** Per resource, the sub-lines of the original line and of every adjustment, summed. */
  subLines: RatedSubLine[];
}

/** A line as an invoice stored it: the amount applied, and what it carried to credit. */
export interface ChargedLine extends BilledLine {
  carriedToCredit?: string | null;
}

/**
 * A finalized period restated from the ledger: what it costs with everything the ledger now
 * holds for it (late starts, stops and resizes at their own instants, and late counters)
 * minus what the finalized invoices already charged for it, per line, as the difference of
 * rounded amounts. A line can come out negative (a late stop: time that was overbilled);
 * a line whose usage vanished is charged back whole. Rated on the period's plan without its
 * minimum commitment (settled on the original invoice). Zero differences make no line.
 *
 * Example: vm-1 was billed for the whole of Nov 1 (24 h x 0.10 = 2.40) because its stop,
 * stamped Nov 1 18:00, arrived after the period was final. Restated: 18 h = 1.80, so the
 * next invoice carries adj-<Nov 1>-vm line of -0.60. Were the stop late by 30 s only (23 h
 * 59 min 30 s = 2.3991666… -> 2.40), nothing changes and no line is made.
 */
export function restatementLines(input: {
  currency: string;
  periodStartMs: number;
  /**
   * The period metered from the ledger (domain/metering/remeter.ts) and rated as its invoice
   * rates it, without the minimum commitment: restatedPeriodLines, or each plan segment's
   * lines for a period split by a plan change (plan-segments.ts).
   */
  rated: readonly RatedLine[];
  /** Per original line id, what finalized invoices charged. */
  billed: readonly BilledLine[];
}): RatedLine[] {
  const { currency, periodStartMs, rated } = input;
  const billed = new Map(input.billed.map((line) => [line.lineId, line]));
  const lines: RatedLine[] = [];
  for (const line of rated) {
    const was = billed.get(line.lineId);
    billed.delete(line.lineId);
    const amount = new Decimal(line.amount).minus(was?.amount ?? 0);
    if (amount.isZero()) continue;
    const quantity = new Decimal(line.quantity).minus(was?.quantity ?? 0);
    lines.push({
      ...line,
      lineId: adjustmentLineId(periodStartMs, line.lineId),
      quantity: toDecimalString(quantity),
      unitPrice: quantity.isZero() ? line.unitPrice : preciseAmount(amount.div(quantity)),
      preciseAmount: preciseAmount(new Decimal(line.preciseAmount).minus(was?.preciseAmount ?? 0)),
      amount: formatAmount(amount, currency),
      subLines: subLineChanges(line.subLines, was?.subLines ?? []),
    });
  }
  // Lines billed before that the restated usage no longer has: charged back whole.
  for (const was of billed.values()) {
    const amount = new Decimal(was.amount).neg();
    if (amount.isZero()) continue;
    const quantity = new Decimal(was.quantity).neg();
    lines.push({
      lineId: adjustmentLineId(periodStartMs, was.lineId),
      priceId: was.priceId,
      meter: was.meter,
      dimensions: was.dimensions,
      quantity: toDecimalString(quantity),
      unit: was.unit,
      unitPrice: quantity.isZero() ? '0' : preciseAmount(amount.div(quantity)),
      preciseAmount: preciseAmount(new Decimal(was.preciseAmount).neg()),
      amount: formatAmount(amount, currency),
      subLines: subLineChanges([], was.subLines),
    });
  }
  return lines;
}

/** Sub-lines summed per resource, in the order each resource first appears. */
function sumSubLines(subLines: readonly RatedSubLine[]): RatedSubLine[] {
  const byResource = new Map<string, RatedSubLine>();
  for (const sub of subLines) {
    const was = byResource.get(sub.resourceId);
    byResource.set(
      sub.resourceId,
      was
        ? {
            ...was,
            quantity: toDecimalString(new Decimal(was.quantity).plus(sub.quantity)),
            preciseAmount: toDecimalString(new Decimal(was.preciseAmount).plus(sub.preciseAmount)),
          }
        : { ...sub },
    );
  }
  return [...byResource.values()];
}

/** A period's usage rated on one plan's terms, without its minimum commitment. */
export function restatedPeriodLines(terms: PlanTerms, truth: readonly UsageGroup[]): RatedLine[] {
  return ratePeriod({ currency: terms.currency, prices: terms.prices, usage: [...truth] }).lines;
}

/**
 * What finalized invoices charged for a period, per line of its own invoice: the original
 * line plus its `adj-<periodStartMs>-` adjustments on later invoices, summed.
 *
 * Example: vm line 2.40 on Nov 1's invoice, adj-<Nov 1>-vm -0.60 on Nov 2's -> vm 1.80. Had
 * Nov 2's invoice only room for -0.10 of it (0.50 carried to credit) -> still 1.80.
 */
export function billedLinesOf(periodStartMs: number, rows: readonly ChargedLine[]): BilledLine[] {
  const prefix = `adj-${periodStartMs}-`;
  const byLine = new Map<string, BilledLine>();
  for (const row of rows) {
    const lineId = row.lineId.startsWith(prefix) ? row.lineId.slice(prefix.length) : row.lineId;
    const was = byLine.get(lineId);
    // A part carried to credit was given back too, though not on the invoice's line.
    const carried = new Decimal(row.carriedToCredit ?? 0);
    const { carriedToCredit: _carried, ...line } = row;
    byLine.set(lineId, {
      ...(was ?? line),
      lineId,
      quantity: toDecimalString(new Decimal(was?.quantity ?? 0).plus(row.quantity)),
      amount: toDecimalString(new Decimal(was?.amount ?? 0).plus(row.amount).minus(carried)),
      preciseAmount: toDecimalString(
        new Decimal(was?.preciseAmount ?? 0).plus(row.preciseAmount).minus(carried),
      ),
      subLines: sumSubLines([...(was?.subLines ?? []), ...row.subLines]),
    });
  }
  return [...byLine.values()];
}
