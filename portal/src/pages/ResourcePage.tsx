import { Fragment } from 'react';
import { query } from '../http/client';
import type { ResourceRuns } from '../http/types';
import { Empty, ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { RunTimeline } from '../drilldown/RunTimeline';
import { Link, useLocation } from '../router';
import { useData } from '../use-data';
import { burstHeadline, burstDetail, burstRule, useBursts } from './MetersTable';

const dimensionsText = (dimensions: Record<string, string>): string =>
  Object.entries(dimensions)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

/** One resource's runs in a period: the timeline, then each run with its segments. */
export function ResourcePage({ resourceId }: { resourceId: string }) {
  const { api, base, format } = useCustomer();
  const { search } = useLocation();
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const meter = search.get('meter') ?? undefined;
  const runs = useData<ResourceRuns>(
    `${api}/resources/${encodeURIComponent(resourceId)}/runs${query({ from, to })}`,
  );
  // Its own running peak or percentile, or time above its baseline: live, current period only.
  const current = from === undefined && to === undefined;
  const bursts = (
    useBursts(current ? `${api}/usage` : null).resources.get(resourceId) ?? []
  ).filter((entry) => meter === undefined || entry.meter === meter);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`${base}/usage${query({ from, to })}`}>Usage</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`${base}/resources${query({ meter, from, to })}`}>{meter ?? 'Resources'}</Link>
        <span aria-hidden="true"> › </span>
        <span>{resourceId}</span>
      </nav>
      <div className="page-head">
        <h1>
          Resource <code>{resourceId}</code>
        </h1>
      </div>
      {bursts.length > 0 && (
        <section className="card" aria-labelledby="burst-title">
          <h2 id="burst-title">So far this period</h2>
          <dl className="figures">
            {bursts.map(({ meter: burstMeter, figure }, index) => (
              <div className="figure" key={`${burstMeter}:${figure.priceId}:${index}`}>
                <dt>
                  {burstMeter} · {burstRule(figure)}
                </dt>
                <dd data-testid={`burst-${burstMeter}`}>{burstHeadline(figure, format)}</dd>
                <dd className="figure-note">{burstDetail(figure, format)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {runs.state === 'loading' && <Loading label="Loading runs" />}
      {runs.state === 'error' && <ErrorState error={runs.error} retry={runs.reload} />}
      {runs.state === 'ready' && runs.value.runs.length === 0 && (
        <Empty>No runs in this period.</Empty>
      )}
      {runs.state === 'ready' && runs.value.runs.length > 0 && (
        <>
          <section className="card" aria-labelledby="runs-total">
            <h2 id="runs-total">
              {format.count(runs.value.runs.length)} {runs.value.runs.length === 1 ? 'run' : 'runs'}{' '}
              ·{' '}
              <span data-testid="resource-total">
                {format.preciseAmount(runs.value.total.cost)}
              </span>
            </h2>
            <p className="muted">
              {format.measure(runs.value.total.quantity, runs.value.runs[0]?.unit ?? '')} in total ·
              times in {format.timeZone}
            </p>
            <RunTimeline runs={runs.value.runs} format={format} nowMs={Date.now()} />
          </section>
          <section className="card table-wrap" aria-labelledby="runs-title">
            <h2 id="runs-title">Runs</h2>
            <table className="runs-table">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Start</th>
                  <th scope="col">Stop</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                  <th scope="col">Dimensions</th>
                </tr>
              </thead>
              <tbody>
                {runs.value.runs.map((run, position) => (
                  <Fragment key={run.runId}>
                    <tr className="run-row">
                      <th scope="row" title={run.runId}>
                        Run {position + 1}
                      </th>
                      <td>{format.dateTime(run.start)}</td>
                      <td>
                        {run.stop === null ? (
                          <span className="badge badge-live">running</span>
                        ) : (
                          format.dateTime(run.stop)
                        )}
                      </td>
                      <td className="num" title={`${run.durationSeconds} s`}>
                        {format.duration(run.durationSeconds)}
                        <span className="exact">{format.quantity(run.durationSeconds)} s</span>
                      </td>
                      <td className="num">{format.measure(run.quantity, run.unit)}</td>
                      <td className="num">{format.preciseAmount(run.cost)}</td>
                      <td className="dims">{dimensionsText(run.dimensions) || '—'}</td>
                    </tr>
                    {run.segments.length > 1 &&
                      run.segments.map((segment, index) => (
                        <tr key={`${run.runId}-${index}`} className="segment-row">
                          <td>segment {index + 1}</td>
                          <td>{format.dateTime(segment.start)}</td>
                          <td>{format.dateTime(segment.end)}</td>
                          <td className="num">
                            {format.duration(segment.seconds)}
                            <span className="exact">{format.quantity(segment.seconds)} s</span>
                          </td>
                          <td className="num">
                            {format.quantity(segment.quantity)} held ·{' '}
                            {format.measure(segment.usage, run.unit)}
                          </td>
                          <td className="num">{format.preciseAmount(segment.cost)}</td>
                          <td />
                        </tr>
                      ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
