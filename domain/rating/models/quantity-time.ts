import { Decimal } from '../../decimal';
import { rateAggregated } from '../aggregate';
import type { RateLine } from '../line';
import type { QuantityTimeModel } from '../types';
import { measureBase, measureDivisor } from '../units';

/**
 * `quantity_time`: a rate per unit of quantity x time, on `quantitySeconds`: GB-seconds,
 * GB-hours or GB-months (a month is 730 h = 2,628,000 s, see units.ts).
 *
 * Example: 100 GB kept for 73 hours is 26,280,000 GB-seconds = 10 GB-months (26,280,000 /
 * 2,628,000); at 0.05 per GB-month that is 0.50.
 */
export const rateQuantityTime: RateLine<QuantityTimeModel> = (model, resources, freeUnits) => {
  const spec = {
    measure: 'quantitySeconds',
    unit: model.unit,
    unitDivisor: model.unitDivisor,
  } as const;
  const divisor = measureDivisor(spec);
  const unitPrice = new Decimal(model.unitPrice);
  const weights = resources.map((resource) => measureBase(resource, spec.measure));
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: billed.times(unitPrice).div(divisor),
  }));
  return { ...rated, unitPrice, defaultUnit: `unit-${model.unit}` };
};
