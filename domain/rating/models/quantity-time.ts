import { Decimal, isDecimalString } from '../../decimal';
import { BillingError } from '../../errors';
import { rateAggregated } from '../aggregate';
import type { LineResource, RateLine } from '../line';
import type { QuantityTimeModel, UsageGroup } from '../types';
import { measureBase, measureDivisor } from '../units';

/**
 * `quantity_time`: a rate per unit of quantity x time, on `quantitySeconds`: GB-seconds,
 * GB-hours or GB-months (a month is 730 h = 2,628,000 s, see units.ts).
 *
 * Example: 100 GB kept for 73 hours is 26,280,000 GB-seconds = 10 GB-months (26,280,000 /
 * 2,628,000); at 0.05 per GB-month that is 0.50.
 *
 * Burstable (`baseline`, `baselineDimension`): only the part above the baseline is charged,
 * per second: each run share accrues max(0, quantity - baseline) x its time, the shares'
 * quantities being what the resource held (a resize starts a new share). The baseline of a
 * usage group is its `baselineDimension` value when it has one, else `baseline`, else 0.
 *
 * Worked example (issue 12): baseline 0.5 vCPU; 1 h at 0.5, 30 min at 2, 30 min at 1 vCPU:
 *   0 x 3,600 + 1.5 x 1,800 + 0.5 x 1,800 = 3,600 vCPU-seconds = 1 vCPU-hour;
 *   at 0.04 per vCPU-hour that is 0.04.
 */
export const rateQuantityTime: RateLine<QuantityTimeModel> = (model, resources, freeUnits) => {
  const spec = {
    measure: 'quantitySeconds',
    unit: model.unit,
    unitDivisor: model.unitDivisor,
  } as const;
  const divisor = measureDivisor(spec);
  const unitPrice = new Decimal(model.unitPrice);
  const burstable = model.baseline !== undefined || model.baselineDimension !== undefined;
  const weights = resources.map((resource) =>
    burstable ? overageSeconds(resource, model) : measureBase(resource, spec.measure),
  );
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: billed.times(unitPrice).div(divisor),
  }));
  return {
    ...rated,
    unitPrice,
    defaultUnit: `unit-${model.unit}`,
    ...(burstable ? { note: baselineNote(model) } : {}),
  };
};

/** "above baseline 0.5"; "above baseline: dimension vcpu_baseline, else 0". */
function baselineNote(model: QuantityTimeModel): string {
  const fixed = new Decimal(model.baseline ?? '0').toFixed();
  return model.baselineDimension === undefined
    ? `above baseline ${fixed}`
    : `above baseline: dimension ${model.baselineDimension}, else ${fixed}`;
}

/** Quantity-seconds above the baseline, over the resource's run shares (exact decimals). */
export function overageSeconds(resource: LineResource, model: QuantityTimeModel): Decimal {
  let overageMs = new Decimal(0);
  for (const group of resource.groups) {
    const baseline = baselineOf(group, model);
    let heldMs = new Decimal(0);
    for (const run of group.runs) {
      const held = new Decimal(run.quantity);
      heldMs = heldMs.plus(held.times(run.durationMs));
      overageMs = overageMs.plus(Decimal.max(0, held.minus(baseline)).times(run.durationMs));
    }
    // The overage is read from the shares; they must account for every quantity-second.
    if (!heldMs.div(1000).eq(group.quantitySeconds)) {
      throw new BillingError(
        'invalid_usage',
        `usage of ${group.resourceId} (${group.meter}): a baseline needs runs whose quantity x ` +
          `time is quantitySeconds (${heldMs.div(1000).toFixed()} != ${group.quantitySeconds})`,
        { details: { resourceId: group.resourceId, meter: group.meter, field: 'runs' } },
      );
    }
  }
  return overageMs.div(1000);
}

/** A usage group's baseline: its `baselineDimension` value, else `baseline`, else 0. */
export function baselineOf(group: UsageGroup, model: QuantityTimeModel): Decimal {
  const key = model.baselineDimension;
  if (key !== undefined && Object.hasOwn(group.dimensions, key)) {
    const value = group.dimensions[key] as string;
    if (!isDecimalString(value)) {
      throw new BillingError(
        'invalid_usage',
        `usage of ${group.resourceId} (${group.meter}): dimension ${key} must be a ` +
          `non-negative decimal string (a baseline), got "${value}"`,
        {
          details: { resourceId: group.resourceId, meter: group.meter, field: `dimensions.${key}` },
        },
      );
    }
    return new Decimal(value);
  }
  return new Decimal(model.baseline ?? '0');
}
