import type { Decimal } from '../decimal';
import type { UsageGroup } from './types';

/** One resource's usage within a line: its usage groups that fall in the line, merged. */
export interface LineResource {
  resourceId: string;
  /** Sorted by dimensions, so sums never depend on input order. */
  groups: UsageGroup[];
  /** Run time of all groups, integer milliseconds. */
  millis: number;
}

export interface SubLineRating {
  resourceId: string;
  quantity: Decimal;
  preciseAmount: Decimal;
}

/** What a price model returns for one line, before the one rounding. */
export interface LineRating {
  /** Billed units in the price's unit (packages for `package`). */
  quantity: Decimal;
  unitPrice: Decimal;
  preciseAmount: Decimal;
  /** One per resource, in the order of `resources` (sorted by resource id). */
  subLines: SubLineRating[];
  /** Document label when the price has none ("hour", "unit", "package"). */
  defaultUnit: string;
  /**
   * Which burst rule applied, appended to the line's unit label in parentheses so every
   * document and API view of the line says it: "above baseline 0.5", "peak at
   * 2026-11-03T10:00:00.000Z", "95th percentile of 8640 x 300 s intervals, 432 dropped".
   */
  note?: string;
}

/**
 * A price model: rates one line. `resources` are sorted by id and non-empty; `freeUnits` is
 * the price's free allowance in price units (null when none).
 */
export type RateLine<M> = (
  model: M,
  resources: readonly LineResource[],
  freeUnits: Decimal | null,
) => LineRating;
