import { Decimal } from '../../decimal';
import { rateAggregated } from '../aggregate';
import type { RateLine } from '../line';
import type { CounterModel } from '../types';
import { measureBase, measureDivisor } from '../units';

/**
 * `counter`: a rate per unit of the recorded quantity (`usage.recorded` sums), optionally
 * converted by `unitDivisor`. Example: 2,500,000,000 bytes out at 0.01 per GB (divisor
 * 1,000,000,000) is 2.5 GB = 0.025; per GiB (divisor 1,073,741,824) it is 2.3283... GiB.
 */
export const rateCounter: RateLine<CounterModel> = (model, resources, freeUnits) => {
  const spec = { measure: 'quantity', unitDivisor: model.unitDivisor } as const;
  const divisor = measureDivisor(spec);
  const unitPrice = new Decimal(model.unitPrice);
  const weights = resources.map((resource) => measureBase(resource, spec.measure));
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: billed.times(unitPrice).div(divisor),
  }));
  return { ...rated, unitPrice, defaultUnit: 'unit' };
};
