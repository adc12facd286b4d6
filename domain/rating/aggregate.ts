import { Decimal } from '../decimal';
import { allocate } from './allocate';
import type { LineResource, SubLineRating } from './line';

export interface AggregatedPrice {
  amount: Decimal;
  /** The line's quantity when it is not the billed units themselves (packages). */
  quantity?: Decimal;
}

export interface AggregatedRating {
  quantity: Decimal;
  preciseAmount: Decimal;
  subLines: SubLineRating[];
  /** Billed units after the free allowance, in base units. */
  billedBase: Decimal;
}

/**
 * Rating on the line's aggregated units, shared by every model priced on a line total:
 * sum the resources' base units, take off the free allowance (free units x divisor, never
 * below zero), price what is left with `priceOf`, then split the amount (and, when it is not
 * each resource's own units, the quantity) over the resources in proportion to their units.
 *
 * Example: 100 GB free, egress of 80 GB and 70 GB at 0.01 per GB -> 50 GB billed = 0.50;
 * the second resource gets 70/150 of it cut at 30 decimals, 0.2333...3, and the first (the
 * larger weight) the rest, 0.2666...7: the shares add up to 0.50 exactly.
 */
export function rateAggregated(
  resources: readonly LineResource[],
  weights: readonly Decimal[],
  divisor: Decimal,
  freeUnits: Decimal | null,
  priceOf: (billedBase: Decimal) => AggregatedPrice,
): AggregatedRating {
  const total = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
  const free = freeUnits === null ? new Decimal(0) : freeUnits.times(divisor);
  const billedBase = Decimal.max(0, total.minus(free));
  const price = priceOf(billedBase);
  const quantity = price.quantity ?? billedBase.div(divisor);
  const ownUnits = price.quantity === undefined && free.isZero();
  const quantities = ownUnits ? weights.map((w) => w.div(divisor)) : allocate(quantity, weights);
  const amounts = allocate(price.amount, weights);
  return {
    quantity,
    preciseAmount: price.amount,
    billedBase,
    subLines: resources.map((resource, i) => ({
      resourceId: resource.resourceId,
      quantity: quantities[i] as Decimal,
      preciseAmount: amounts[i] as Decimal,
    })),
  };
}
