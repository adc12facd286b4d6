import type { Measure, Price, PriceModel } from '../rating/types';

/**
 * Which usage figure a price is charged on, so its amount is spread over time by that figure:
 * run time for `run_time`, quantity x time for `quantity_time` and `peak`, recorded units for
 * `counter` and `percentile`,
 * the declared measure for tiered and package prices. A model this module does not know
 * (added later) that declares a `measure` is read by it; otherwise by run time.
 */
export function measureOfModel(model: PriceModel): Measure {
  switch (model.type) {
    case 'run_time':
      return 'seconds';
    case 'quantity_time':
      return 'quantitySeconds';
    case 'counter':
      return 'quantity';
    // Neither adds up over time (a high-water mark, a percentile of rates); their amount is
    // spread over what drives them: the quantity held over time, the traffic recorded.
    case 'peak':
      return 'quantitySeconds';
    case 'percentile':
      return 'quantity';
    default: {
      const declared = (model as { measure?: unknown }).measure;
      return declared === 'seconds' || declared === 'quantitySeconds' || declared === 'quantity'
        ? declared
        : 'seconds';
    }
  }
}

/** The unit a quantity of the measure is written in: run seconds, unit-seconds, units. */
export function unitOfMeasure(measure: Measure): string {
  switch (measure) {
    case 'seconds':
      return 'second';
    case 'quantitySeconds':
      return 'unit-second';
    case 'quantity':
      return 'unit';
  }
}

/**
 * The figure a meter's usage is shown in: the measure its prices charge (the most common one
 * among the plan's prices of that meter, the lowest price id first on a tie); without a
 * price, run time for a meter with runs and recorded units for a meter of counters.
 * Example: `storage.volume` priced per GB-month -> quantity-seconds ("unit-second").
 */
export function measureOfMeter(
  meter: string,
  prices: readonly Price[],
  usage: { hasRuns: boolean },
): Measure {
  const counts = new Map<Measure, number>();
  const ordered = prices
    .filter((price) => price.meter === meter)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let best: Measure | null = null;
  for (const price of ordered) {
    const measure = measureOfModel(price.model);
    const count = (counts.get(measure) ?? 0) + 1;
    counts.set(measure, count);
    if (best === null || count > (counts.get(best) ?? 0)) best = measure;
  }
  return best ?? (usage.hasRuns ? 'seconds' : 'quantity');
}
