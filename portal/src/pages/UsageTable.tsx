import type { GroupBy, SeriesGroup, Timeseries } from '../http/types';
import { useCustomer } from '../customer-context';

/**
 * The figures behind the chart, exact: one row per bucket and group, as the CSV has them;
 * costs with all their decimals (an hour of a small VM is €0.0416, not €0.04).
 */
/** A group's key, quantity and exact cost: the cells of a bucket's row and of a total's. */
function GroupCells({ group }: { group: SeriesGroup }) {
  const { format } = useCustomer();
  return (
    <>
      <td>{group.key}</td>
      <td className="num">
        <data value={group.quantity} title={`${group.quantity} ${group.unit}`}>
          {format.measure(group.quantity, group.unit)}
        </data>
      </td>
      <td className="num">
        {group.cost === undefined ? (
          '—'
        ) : (
          <data value={group.cost} title={group.cost}>
            {format.exactAmount(group.cost)}
          </data>
        )}
      </td>
    </>
  );
}

const GROUP_HEADER: Record<GroupBy, string> = {
  meter: 'Meter',
  resource: 'Resource',
  project: 'Project',
};

export function UsageTable({ series }: { series: Timeseries }) {
  const { format } = useCustomer();
  const rows = series.buckets.flatMap((bucket) =>
    bucket.groups.map((group, index) => ({
      bucket,
      group,
      first: index === 0,
      span: bucket.groups.length,
    })),
  );
  return (
    <section className="card" aria-labelledby="table-title">
      <h2 id="table-title">Figures</h2>
      <div className="table-wrap table-scroll">
        <table className="usage-table">
          <thead>
            <tr>
              <th scope="col">{series.granularity === 'hour' ? 'Hour' : 'Day'}</th>
              <th scope="col">{GROUP_HEADER[series.groupBy]}</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ bucket, group, first, span }) => (
              <tr key={`${bucket.start}/${group.key}`}>
                {first && (
                  <th scope="rowgroup" rowSpan={span} className="bucket">
                    {format.bucket(bucket.start, series.granularity)}
                  </th>
                )}
                <GroupCells group={group} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            {series.totals.map((group, index) => (
              <tr key={group.key} className="total">
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={series.totals.length}>
                    Period total
                  </th>
                )}
                <GroupCells group={group} />
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </section>
  );
}
