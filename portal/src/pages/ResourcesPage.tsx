import { query } from '../http/client';
import type { Page, ResourceSummary } from '../http/types';
import { PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link, navigate, useLocation } from '../router';
import { usePages } from '../use-pages';

const dimensionsText = (dimensions: Record<string, string>): string =>
  Object.entries(dimensions)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

/** A meter's resources (or all of them) in a period, most expensive first. */
export function ResourcesPage() {
  const { api, base, format } = useCustomer();
  const { pathname, search } = useLocation();
  const meter = search.get('meter') ?? undefined;
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const range = { from, to };
  const { list, error, loading, more, reload } = usePages(
    `${api}/resources${query({ meter, ...range, limit: '50' })}`,
    (answer: Page<ResourceSummary>) => ({ items: answer.data, nextCursor: answer.nextCursor }),
  );

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`${base}/usage${query(range)}`}>Usage</Link>
        <span aria-hidden="true"> › </span>
        <span>{meter ?? 'All resources'}</span>
      </nav>
      <div className="page-head">
        <h1>{meter === undefined ? 'Resources' : `Resources of ${meter}`}</h1>
      </div>
      <form className="controls" onSubmit={(event) => event.preventDefault()} aria-label="Period">
        <PeriodPicker
          value={range}
          onChange={(next) =>
            navigate(`${pathname}${query({ meter, from: next.from, to: next.to })}`, {
              replace: true,
            })
          }
        />
        {meter !== undefined && (
          <Link className="button secondary" to={`${pathname}${query(range)}`}>
            Show every meter
          </Link>
        )}
      </form>
      {error && <ErrorState error={error} retry={reload} />}
      {!list && loading && <Loading label="Loading resources" />}
      {list && list.items.length === 0 && <Empty>No resources with usage in this period.</Empty>}
      {list && list.items.length > 0 && (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Meter</th>
                <th scope="col" className="hide-narrow">
                  Dimensions
                </th>
                <th scope="col" className="num">
                  Runs
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
              {list.items.map((resource) => (
                <tr key={`${resource.meter}/${resource.resourceId}`}>
                  <td>
                    <Link
                      to={`${base}/resources/${encodeURIComponent(resource.resourceId)}${query({ ...range, meter: resource.meter })}`}
                    >
                      {resource.resourceId}
                    </Link>
                  </td>
                  <td>{resource.meter}</td>
                  <td className="dims hide-narrow">{dimensionsText(resource.dimensions) || '—'}</td>
                  <td className="num">{format.count(resource.runCount)}</td>
                  <td className="num">{format.measure(resource.quantity, resource.unit)}</td>
                  <td className="num">{format.preciseAmount(resource.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.nextCursor && (
            <button type="button" className="secondary more" onClick={more} disabled={loading}>
              {loading ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
    </>
  );
}
