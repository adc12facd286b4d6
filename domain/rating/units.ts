import { Decimal } from '../decimal';
import type { Measure, MeasureSpec, TimeUnit } from './types';
import type { LineResource } from './line';

/**
 * Seconds per time unit. A month is 730 hours = 2,628,000 s (8,760 h / 12), the convention
 * of public cloud price lists, so a GB-month costs the same in February as in March.
 */
export const SECONDS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  second: 1,
  minute: 60,
  hour: 3_600,
  month: 2_628_000,
};

/**
 * What one price unit is in the measure's base (milliseconds for 'seconds', quantity-seconds
 * for 'quantitySeconds', the recorded quantity for 'quantity'). Prices are applied to base
 * units and divided by this once, so no per-unit price is ever rounded: 0.0066 per hour is
 * 0.0066 / 3,600,000 per millisecond, exactly.
 */
export function measureDivisor(spec: MeasureSpec): Decimal {
  const divisor = new Decimal(spec.unitDivisor ?? '1');
  const unit = SECONDS_PER_UNIT[spec.unit ?? 'second'];
  switch (spec.measure) {
    case 'seconds':
      return divisor.times(unit * 1000);
    case 'quantitySeconds':
      return divisor.times(unit);
    case 'quantity':
      return divisor;
  }
}

/** A resource's usage in the measure's base units, summed over its usage groups. */
export function measureBase(resource: LineResource, measure: Measure): Decimal {
  switch (measure) {
    case 'seconds':
      return new Decimal(resource.millis);
    case 'quantitySeconds':
      return resource.groups.reduce((sum, g) => sum.plus(g.quantitySeconds), new Decimal(0));
    case 'quantity':
      return resource.groups.reduce((sum, g) => sum.plus(g.quantity), new Decimal(0));
  }
}

/** Default document label of a measure: "hour", "unit-month", "unit". */
export function measureLabel(spec: MeasureSpec): string {
  const unit = spec.unit ?? 'second';
  switch (spec.measure) {
    case 'seconds':
      return unit;
    case 'quantitySeconds':
      return `unit-${unit}`;
    case 'quantity':
      return 'unit';
  }
}
