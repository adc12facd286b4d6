import type { Dimensions } from '../events';

/** One resource's share of a rated line, kept unrounded for drill-down. */
export interface RatedSubLine {
  resourceId: string;
  /** Billed units for this resource (after minimums, increments and caps), decimal string. */
  quantity: string;
  /** Unrounded amount, decimal string. */
  preciseAmount: string;
  /** The project the resource's usage belongs to; absent: the account itself. */
  projectId?: string;
}

/**
 * The output of rating: one line per price and dimension group. `amount` is the one rounding
 * of `preciseAmount` to the currency's minor unit; invoice totals are sums of `amount`.
 */
export interface RatedLine {
  /** Deterministic: derived from the price id and the dimension group, never random. */
  lineId: string;
  priceId: string;
  meter: string;
  dimensions: Dimensions;
  /** Billed units (e.g. hours, GB-months, GB), decimal string. */
  quantity: string;
  /** Unit label for documents: "second", "hour", "GB-month", "GB", "package"... */
  unit: string;
  /** Effective unit price (precise amount / quantity where meaningful), decimal string. */
  unitPrice: string;
  preciseAmount: string;
  /** Rounded to the currency's minor unit, with exactly its decimals ("12.30"). */
  amount: string;
  subLines: RatedSubLine[];
  /**
   * The project whose part of an organization-wide line this is (domain/projects/split-line.ts);
   * absent: the account itself.
   */
  projectId?: string;
}
