import type { PortalFormat } from '../format';
import { query } from '../http/client';
import type { BurstFigure, LiveUsage, MeterBurstFigure, MeterSummary } from '../http/types';
import { Empty } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';
import { useData } from '../use-data';

/** 95 -> "95th", 1 -> "1st", 22 -> "22nd", 13 -> "13th". */
const ordinal = (n: number): string => {
  const lastTwo = n % 100;
  if (!Number.isInteger(n) || (lastTwo >= 11 && lastTwo <= 13)) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/**
 * What goes with a figure's number: when the peak was reached, how many intervals the
 * running percentile drops, the baseline the overage is above; with the forecast of a meter
 * line's overage when it differs. "reached 27 Nov 2026, 10:00:20", "1 of 3 intervals
 * dropped", "unit-seconds over 0.5 · forecast 86,370".
 */
export function burstDetail(figure: BurstFigure | MeterBurstFigure, format: PortalFormat): string {
  switch (figure.rule) {
    case 'peak': {
      const scope = figure.scope === 'account' ? '' : ` (per ${figure.scope})`;
      return figure.peakAt === null
        ? `added up per ${figure.scope}`
        : `reached ${format.dateTime(figure.peakAt)}${scope}`;
    }
    case 'percentile':
      return `${format.count(figure.dropped)} of ${format.count(figure.intervals)} intervals dropped`;
    case 'baseline': {
      const forecast = (figure as MeterBurstFigure).forecastOverageQuantitySeconds;
      return (
        `unit-seconds over ${format.quantity(figure.baseline)}` +
        (forecast && forecast !== figure.overageQuantitySeconds
          ? ` · forecast ${format.quantity(forecast)}`
          : '')
      );
    }
  }
}

/** A figure in one line: "peak 6, reached ...", "95th percentile 100, 1 of 3 intervals dropped". */
export function burstText(figure: BurstFigure | MeterBurstFigure, format: PortalFormat): string {
  return `${burstRule(figure)} ${burstHeadline(figure, format)}, ${burstDetail(figure, format)}`;
}

/** A burst figure's headline number: the peak, the running rate, or the overage. */
export function burstHeadline(figure: BurstFigure, format: PortalFormat): string {
  if (figure.rule === 'peak') return format.quantity(figure.peak);
  if (figure.rule === 'percentile') return format.quantity(figure.rate);
  return format.quantity(figure.overageQuantitySeconds);
}

/** What a figure's rule is called: "peak", "95th percentile", "above baseline". */
export function burstRule(figure: BurstFigure): string {
  if (figure.rule === 'peak') return 'peak';
  if (figure.rule === 'percentile') return `${ordinal(figure.percentile)} percentile`;
  return 'above baseline';
}

/**
 * The current period's burst figures from live usage (`path`: its URL, null for none): per
 * meter, and per resource (by resource id). Empty until loaded, and when live usage cannot
 * be read (the page's own figures stand without them).
 */
export function useBursts(path: string | null): {
  meters: Map<string, MeterBurstFigure[]>;
  resources: Map<string, { meter: string; figure: BurstFigure }[]>;
  reload: () => void;
} {
  const usage = useData<LiveUsage>(path);
  const meters = new Map<string, MeterBurstFigure[]>();
  const resources = new Map<string, { meter: string; figure: BurstFigure }[]>();
  if (usage.state === 'ready') {
    for (const meter of usage.value.meters) {
      if (meter.burst && meter.burst.length > 0) meters.set(meter.meter, meter.burst);
    }
    for (const resource of usage.value.resources) {
      if (resource.burst === undefined) continue;
      const entry = { meter: resource.meter, figure: resource.burst };
      resources.set(resource.resourceId, [...(resources.get(resource.resourceId) ?? []), entry]);
    }
  }
  return { meters, resources, reload: usage.reload };
}

/** The period's categories: each meter's quantity and cost, leading to its resources. */
export function MetersTable({
  meters,
  range,
}: {
  meters: MeterSummary[];
  range: { from?: string; to?: string };
}) {
  const { api, base, format } = useCustomer();
  // Peak and percentile figures are live: for the current period only.
  const current = range.from === undefined && range.to === undefined;
  const bursts = useBursts(current ? `${api}/usage` : null).meters;
  if (meters.length === 0) return <Empty>No usage in this period.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Meter</th>
            <th scope="col" className="num">
              Resources
            </th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {meters.map((meter) => (
            <tr key={meter.meter}>
              <td>
                <Link to={`${base}/resources${query({ meter: meter.meter, ...range })}`}>
                  {meter.meter}
                </Link>
                {(bursts.get(meter.meter) ?? []).map((figure) => (
                  <div
                    key={`${figure.priceId}:${JSON.stringify(figure.dimensions)}`}
                    className="muted burst-figure"
                    data-testid={`burst-${meter.meter}`}
                  >
                    {burstText(figure, format)}
                  </div>
                ))}
              </td>
              <td className="num">{format.count(meter.resourceCount)}</td>
              <td className="num">{format.measure(meter.quantity, meter.unit)}</td>
              <td className="num">{format.preciseAmount(meter.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
