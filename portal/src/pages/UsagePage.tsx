import { useCallback, useId, useMemo } from 'react';
import { query } from '../http/client';
import type { Granularity, GroupBy, MeterSummary, Timeseries } from '../http/types';
import { PeriodPicker, type PeriodChoice } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading, Refreshing } from '../components/states';
import { UsageChart } from '../components/UsageChart';
import { useCustomer } from '../customer-context';
import { Link, navigate, useLocation } from '../router';
import { useData } from '../use-data';
import { LiveMark, useUsageStream } from '../use-usage-stream';
import { MetersTable } from './MetersTable';
import { chartSeries, hasCost, singleUnit, type Metric } from './usage-series';
import { UsageTable } from './UsageTable';

function Select<T extends string>(props: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What the chart stacks by: the API's groupBy values (project only when there are projects). */
const STACK_BY: GroupBy[] = ['meter', 'resource', 'project'];

/**
 * Usage per hour or day, stacked by meter, resource or project, its exact table and a CSV of
 * it. A customer with projects may stack by project and narrow to one (the API answers a
 * project session with its own project's usage only).
 */
export function UsagePage() {
  const { api, base, format } = useCustomer();
  const { pathname, search } = useLocation();
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const granularity: Granularity = search.get('granularity') === 'hour' ? 'hour' : 'day';
  const groupBy: GroupBy = STACK_BY.find((value) => value === search.get('groupBy')) ?? 'meter';
  const meter = search.get('meter') ?? '';
  const projectId = search.get('projectId') ?? '';
  const metricParam = search.get('metric');

  const set = (changes: Record<string, string | undefined>) => {
    const next = Object.fromEntries(search.entries()) as Record<string, string | undefined>;
    Object.assign(next, changes);
    navigate(`${pathname}${query(next)}`, { replace: true });
  };
  const range = { from, to };
  const tableQuery = query({ ...range, granularity, groupBy, meter, projectId });
  const series = useData<Timeseries>(`${api}/usage/timeseries${tableQuery}`);
  const meters = useData<{ data: MeterSummary[] }>(
    `${api}/meters${query({ ...range, projectId })}`,
  );
  const projectList = useData<{ data: { id: string; name: string }[] }>(
    `${api}/projects${query({ limit: '200' })}`,
  );
  const projects = projectList.state === 'ready' ? projectList.value.data : [];
  const current = from === undefined;
  const reload = useCallback(() => {
    if (!current) return;
    series.reload();
    meters.reload();
  }, [current, series.reload, meters.reload]);
  const stream = useUsageStream(api, reload);

  const value = series.state === 'ready' ? series.value : null;
  const metric: Metric =
    metricParam === 'quantity' || (value && !hasCost(value)) ? 'quantity' : 'cost';
  const unit = value ? singleUnit(value) : null;
  const labels = useMemo(
    () =>
      value ? value.buckets.map((bucket) => format.bucket(bucket.start, value.granularity)) : [],
    [value, format],
  );
  const stacks = useMemo(() => (value ? chartSeries(value, metric) : []), [value, metric]);
  const formatValue = useCallback(
    (n: number) => (metric === 'cost' ? format.amount(n.toFixed(2)) : format.quantity(String(n))),
    [metric, format],
  );

  return (
    <>
      <div className="page-head">
        <h1>Usage</h1>
        {current && <LiveMark state={stream} />}
        <Refreshing active={series.state === 'ready' && series.refreshing} />
      </div>
      <form
        className="controls"
        onSubmit={(event) => event.preventDefault()}
        aria-label="Usage view"
      >
        <PeriodPicker
          value={range}
          onChange={(next: PeriodChoice) => set({ from: next.from, to: next.to })}
        />
        <Select
          label="Per"
          value={granularity}
          options={[
            ['day', 'Day'],
            ['hour', 'Hour'],
          ]}
          onChange={(g) => set({ granularity: g })}
        />
        <Select
          label="Stacked by"
          value={groupBy}
          options={[
            ['meter', 'Meter'],
            ['resource', 'Resource'],
            ...(projects.length > 0 || groupBy === 'project'
              ? [['project', 'Project'] as [GroupBy, string]]
              : []),
          ]}
          onChange={(g) => set({ groupBy: g })}
        />
        {(projects.length > 1 || projectId !== '') && (
          <Select
            label="Project"
            value={projectId}
            options={[
              ['', 'All projects'],
              ...projects.map((p): [string, string] => [p.id, p.name]),
            ]}
            onChange={(p) => set({ projectId: p })}
          />
        )}
        <Select
          label="Meter"
          value={meter}
          options={[
            ['', 'All meters'],
            ...(meters.state === 'ready'
              ? meters.value.data.map((m): [string, string] => [m.meter, m.meter])
              : []),
          ]}
          onChange={(m) => set({ meter: m })}
        />
        <Select
          label="Show"
          value={metric}
          options={[
            ['cost', 'Cost'],
            ['quantity', 'Quantity'],
          ]}
          onChange={(m) => set({ metric: m })}
        />
        <a className="button secondary" href={`${api}/usage/timeseries.csv${tableQuery}`} download>
          Export CSV
        </a>
      </form>
      {series.state === 'loading' && <Loading label="Loading usage" />}
      {series.state === 'error' && <ErrorState error={series.error} retry={series.reload} />}
      {value && value.totals.length === 0 && <Empty>No usage in this period.</Empty>}
      {value && value.totals.length > 0 && (
        <div className="usage-layout">
          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title">
              {metric === 'cost' ? 'Cost' : 'Quantity'} per {granularity} ·{' '}
              {format.period(value.from, value.to)}
            </h2>
            {metric === 'quantity' && unit === null && (
              <p className="muted">
                The meters in view count different units: pick one meter to compare quantities.
              </p>
            )}
            <UsageChart
              labels={labels}
              series={stacks}
              yLabel={metric === 'cost' ? format.currency : (unit ?? 'mixed units')}
              formatValue={formatValue}
              description={`Stacked ${metric} per ${granularity} by ${groupBy}; the table lists the exact figures.`}
            />
          </section>
          <UsageTable series={value} />
        </div>
      )}
      <section className="card" aria-labelledby="meters-title">
        <h2 id="meters-title">By meter</h2>
        {meters.state === 'loading' && <Loading label="Loading meters" />}
        {meters.state === 'error' && <ErrorState error={meters.error} retry={meters.reload} />}
        {meters.state === 'ready' && <MetersTable meters={meters.value.data} range={range} />}
      </section>
      <p className="muted">
        <Link to={`${base}/resources${query(range)}`}>All resources of this period</Link>
      </p>
    </>
  );
}
