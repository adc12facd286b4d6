import { Decimal } from '../../decimal';
import { rateAggregated } from '../aggregate';
import type { RateLine } from '../line';
import { effectiveUnitPrice, toBaseTiers, type BaseTier } from '../tiers';
import type { GraduatedModel } from '../types';
import { measureBase, measureDivisor, measureLabel } from '../units';

/**
 * `graduated`: each tier's units at that tier's price, over the line's total (all resources
 * of the group, after the free allowance). A tier covers (previous upTo, upTo]; its flat
 * price is charged when the line has units in it. The amount is split over the resources in
 * proportion to their units (aggregate.ts).
 *
 * Example: tiers up to 100 at 0.10 (flat 1), up to 1,000 at 0.05, then 0.01; 1,001 units ->
 * 100 x 0.10 + 1 + 900 x 0.05 + 1 x 0.01 = 10 + 1 + 45 + 0.01 = 56.01.
 */
export const rateGraduated: RateLine<GraduatedModel> = (model, resources, freeUnits) => {
  const divisor = measureDivisor(model);
  const tiers = toBaseTiers(model.tiers, divisor);
  const weights = resources.map((resource) => measureBase(resource, model.measure));
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: graduatedAmount(billed, tiers, divisor),
  }));
  return {
    ...rated,
    unitPrice: effectiveUnitPrice(rated.preciseAmount, rated.billedBase, divisor),
    defaultUnit: measureLabel(model),
  };
};

function graduatedAmount(billed: Decimal, tiers: readonly BaseTier[], divisor: Decimal): Decimal {
  let lower = new Decimal(0);
  let variable = new Decimal(0);
  let flat = new Decimal(0);
  for (const tier of tiers) {
    if (billed.lte(lower)) break;
    const top = tier.upper === null ? billed : Decimal.min(billed, tier.upper);
    variable = variable.plus(top.minus(lower).times(tier.unitPrice));
    flat = flat.plus(tier.flatPrice);
    if (tier.upper === null) break;
    lower = tier.upper;
  }
  // Variable parts are summed in base units and divided once.
  return variable.div(divisor).plus(flat);
}
