import { query } from '../http/client';
import type { MeterSummary } from '../http/types';
import { Empty } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';

/** The period's categories: each meter's quantity and cost, leading to its resources. */
export function MetersTable({
  meters,
  range,
}: {
  meters: MeterSummary[];
  range: { from?: string; to?: string };
}) {
  const { base, format } = useCustomer();
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
