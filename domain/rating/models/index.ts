import type { Decimal } from '../../decimal';
import type { LineRating, LineResource } from '../line';
import type { PriceModel } from '../types';
import { rateCounter } from './counter';
import { rateGraduated } from './graduated';
import { ratePackage } from './package';
import { ratePeak } from './peak';
import { ratePercentile } from './percentile';
import { rateQuantityTime } from './quantity-time';
import { rateRunTime } from './run-time';
import { rateVolume } from './volume';

/** Rates one line with its price's model. */
export function rateWithModel(
  model: PriceModel,
  resources: readonly LineResource[],
  freeUnits: Decimal | null,
): LineRating {
  switch (model.type) {
    case 'run_time':
      return rateRunTime(model, resources, freeUnits);
    case 'quantity_time':
      return rateQuantityTime(model, resources, freeUnits);
    case 'counter':
      return rateCounter(model, resources, freeUnits);
    case 'graduated':
      return rateGraduated(model, resources, freeUnits);
    case 'volume':
      return rateVolume(model, resources, freeUnits);
    case 'package':
      return ratePackage(model, resources, freeUnits);
    case 'peak':
      return ratePeak(model, resources, freeUnits);
    case 'percentile':
      return ratePercentile(model, resources, freeUnits);
  }
}
