import { Decimal } from '../../decimal';
import { rateAggregated } from '../aggregate';
import type { RateLine } from '../line';
import { effectiveUnitPrice, toBaseTiers, type BaseTier } from '../tiers';
import type { VolumeModel } from '../types';
import { measureBase, measureDivisor, measureLabel } from '../units';

/**
 * `volume`: all of the line's units at the price of the tier the total falls in (upTo is
 * inclusive), plus that tier's flat price; no units, no charge. The amount is split over the
 * resources in proportion to their units (aggregate.ts).
 *
 * Example: tiers up to 100 at 0.10, up to 1,000 at 0.05, then 0.01: 100 units -> 10.00;
 * 101 units -> 101 x 0.05 = 5.05; 1,001 units -> 1,001 x 0.01 = 10.01.
 */
export const rateVolume: RateLine<VolumeModel> = (model, resources, freeUnits) => {
  const divisor = measureDivisor(model);
  const tiers = toBaseTiers(model.tiers, divisor);
  const weights = resources.map((resource) => measureBase(resource, model.measure));
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: volumeAmount(billed, tiers, divisor),
  }));
  return {
    ...rated,
    unitPrice: effectiveUnitPrice(rated.preciseAmount, rated.billedBase, divisor),
    defaultUnit: measureLabel(model),
  };
};

function volumeAmount(billed: Decimal, tiers: readonly BaseTier[], divisor: Decimal): Decimal {
  if (billed.isZero()) return new Decimal(0);
  // Validation guarantees an open-ended last tier, so a tier is always found.
  const tier = tiers.find((t) => t.upper === null || billed.lte(t.upper)) as BaseTier;
  return billed.times(tier.unitPrice).div(divisor).plus(tier.flatPrice);
}
