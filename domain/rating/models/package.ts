import { Decimal } from '../../decimal';
import { rateAggregated } from '../aggregate';
import type { RateLine } from '../line';
import type { PackageModel } from '../types';
import { measureBase, measureDivisor } from '../units';

/**
 * `package`: `packageSize` units for `packagePrice`; a started package is billed whole. The
 * line's quantity is the number of packages. Example: packages of 1,000 API calls at 2.00;
 * 2,001 calls -> 3 packages = 6.00; 2,000 calls -> 2 packages = 4.00.
 */
export const ratePackage: RateLine<PackageModel> = (model, resources, freeUnits) => {
  const divisor = measureDivisor(model);
  const packageBase = new Decimal(model.packageSize).times(divisor);
  const packagePrice = new Decimal(model.packagePrice);
  const weights = resources.map((resource) => measureBase(resource, model.measure));
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => {
    // Integer division and an exact remainder: ceil without a rounded quotient.
    const whole = billed.divToInt(packageBase);
    const packages = billed.mod(packageBase).isZero() ? whole : whole.plus(1);
    return { amount: packages.times(packagePrice), quantity: packages };
  });
  return { ...rated, unitPrice: packagePrice, defaultUnit: 'package' };
};
