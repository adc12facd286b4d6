import type { PricedPeriod } from './price-usage';
import type { UsageSeries } from './series';

/** The periods with only the series `keep` accepts (one meter, one resource). */
export function keepSeries(
  periods: readonly PricedPeriod[],
  keep: (series: UsageSeries) => boolean,
): PricedPeriod[] {
  return periods.map((period) => ({ ...period, series: period.series.filter(keep) }));
}
