import { z } from 'zod';
import { parseRfc3339, toIso } from '../../domain/time';
import { GROUP_BY_VALUES } from '../../domain/usage/group-keys';
import { NO_PROJECT_KEY } from '../../domain/usage/project-scope';
import type { RunView } from '../../domain/usage/runs';
import type { GroupFigures, UsageBucket } from '../../domain/usage/bucketize';
import type { MeterTotal, ResourceTotal } from '../../domain/usage/resource-totals';
import type { Overview } from '../../services/get-overview';
import type { ResourceRuns } from '../../services/get-resource-runs';
import type { UsageTimeseries } from '../../services/usage-timeseries';
import { MAX_HOURLY_RANGE_DAYS } from '../../services/usage-timeseries';
import { MAX_RANGE_DAYS } from '../../services/usage-analytics';
import { pageQuery } from '../contract/pagination';
import { projectIdParam } from './ids';
import { instantSchema } from './instant';

const decimal = z.string().meta({ description: 'A decimal string, e.g. "12.5"' });
const instant = z.iso.datetime();
const dimensions = z.record(z.string(), z.string());
const RANGE = `[from, to), at most ${MAX_RANGE_DAYS} days (${MAX_HOURLY_RANGE_DAYS} for hourly buckets); each end defaults to the current period's`;

/** `from` and `to` of every usage read: RFC 3339 instants, each defaulting to the current period. */
export const rangeQueryShape = {
  from: instantSchema.optional().meta({
    description: `Start of the range (inclusive). Default: the current period's start. ${RANGE}`,
  }),
  to: instantSchema.optional().meta({
    description: `End of the range (exclusive), after from. Default: the current period's end. ${RANGE}`,
  }),
};

/** Epoch ms of the range, or NaN where an end is absent or invalid (its own field's issue). */
const spanMs = (from: string | undefined, to: string | undefined): number =>
  from === undefined || to === undefined
    ? Number.NaN
    : (parseRfc3339(to) ?? Number.NaN) - (parseRfc3339(from) ?? Number.NaN);

const fromBeforeTo = ({ from, to }: { from?: string | undefined; to?: string | undefined }) => {
  const span = spanMs(from, to);
  return Number.isNaN(span) || span > 0;
};

export const rangeQuery = z
  .object(rangeQueryShape)
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' });

/**
 * One project's usage only. A project key reads its own project's usage whether or not it
 * says so; naming another project, like one the customer does not have, answers 404.
 */
const projectIdQuery = projectIdParam.optional().meta({
  description:
    "Only this project's usage (one id; the account's own usage is the group " +
    `"${NO_PROJECT_KEY}" of groupBy=project). A project key always reads its own ` +
    "project's usage only; another project's id answers 404 project_not_found",
});

export const metersQuery = z
  .object({ ...rangeQueryShape, projectId: projectIdQuery })
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' });

export const timeseriesQuery = z
  .object({
    ...rangeQueryShape,
    granularity: z.enum(['hour', 'day']).optional().meta({
      description:
        "Bucket size: local hours or local days of the customer's time zone (default day)",
    }),
    groupBy: z
      .enum(GROUP_BY_VALUES as [string, ...string[]])
      .optional()
      .meta({
        description:
          'What each bucket is stacked by (default meter). project: one group per project, ' +
          `keyed by its id, the account's own usage keyed "${NO_PROJECT_KEY}"`,
      }),
    meter: z.string().min(1).max(200).optional().meta({ description: 'Only this meter' }),
    projectId: projectIdQuery,
    top: z
      .string()
      .regex(/^(?:[1-9][0-9]{0,2}|1000)$/, 'must be an integer from 1 to 1000')
      .optional()
      .meta({
        description:
          'Groups shown one by one, those that cost most (1 to 1000; default 25 for ' +
          'groupBy=resource, every meter for groupBy=meter); the rest are added up, bucket by ' +
          'bucket, in one group keyed "(others)" per unit, with `others` saying how many it holds',
      }),
  })
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' })
  .refine(
    ({ from, to, granularity }) => {
      const span = spanMs(from, to);
      return (
        granularity !== 'hour' || Number.isNaN(span) || span <= MAX_HOURLY_RANGE_DAYS * 86_400_000
      );
    },
    {
      path: ['to'],
      message: `must be at most ${MAX_HOURLY_RANGE_DAYS} days after from for hourly buckets`,
    },
  );

export const resourcesQuery = z
  .object({
    ...rangeQueryShape,
    meter: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Only resources of this meter' }),
    projectId: projectIdQuery,
    ...pageQuery.shape,
  })
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' });

/** Epoch ms of the range ends a validated query gave. */
export const rangeOf = (query: { from?: string | undefined; to?: string | undefined }) => ({
  ...(query.from === undefined ? {} : { fromMs: parseRfc3339(query.from) ?? Number.NaN }),
  ...(query.to === undefined ? {} : { toMs: parseRfc3339(query.to) ?? Number.NaN }),
});

const groupFigures = z.strictObject({
  key: z.string(),
  quantity: decimal.meta({
    description: 'Seconds for run time, unit-seconds for quantity x time, units for counters',
  }),
  unit: z.enum(['second', 'unit-second', 'unit']),
  others: z
    .number()
    .int()
    .optional()
    .meta({ description: 'On the "(others)" group only: how many groups it adds up' }),
  cost: decimal.optional().meta({
    description: "Present when a price rates the group: its share of the invoice's precise amounts",
  }),
});

export const timeseriesSchema = z
  .strictObject({
    from: instant,
    to: instant,
    granularity: z.enum(['hour', 'day']),
    groupBy: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    buckets: z.array(
      z.strictObject({ start: instant, end: instant, groups: z.array(groupFigures) }),
    ),
    totals: z.array(groupFigures),
  })
  .meta({ id: 'UsageTimeseries' });

const figuresView = (g: GroupFigures) => ({
  key: g.key,
  quantity: g.quantity,
  unit: g.unit,
  ...(g.cost === undefined ? {} : { cost: g.cost }),
  ...(g.others === undefined ? {} : { others: g.others }),
});

export const timeseriesView = (t: UsageTimeseries) => ({
  from: toIso(t.fromMs),
  to: toIso(t.toMs),
  granularity: t.granularity,
  groupBy: t.groupBy,
  timeZone: t.timeZone,
  currency: t.currency,
  buckets: t.buckets.map((b: UsageBucket) => ({
    start: toIso(b.startMs),
    end: toIso(b.endMs),
    groups: b.groups.map(figuresView),
  })),
  totals: t.totals.map(figuresView),
});

const nullableCost = decimal
  .nullable()
  .meta({ description: 'Precise cost (unrounded); null when no price of the plan rates it' });

export const metersSchema = z
  .strictObject({
    data: z.array(
      z.strictObject({
        meter: z.string(),
        unit: z.string(),
        quantity: decimal,
        cost: nullableCost,
        resourceCount: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'UsageMeters' });

export const metersView = (meters: readonly MeterTotal[]) => ({ data: meters });

export const resourcesSchema = z
  .strictObject({
    data: z.array(
      z.strictObject({
        resourceId: z.string(),
        meter: z.string(),
        unit: z.string(),
        quantity: decimal,
        cost: nullableCost,
        runCount: z.number().int(),
        dimensions,
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'UsageResources' });

export const resourcesView = (items: readonly ResourceTotal[], nextCursor: string | null) => ({
  data: items,
  nextCursor,
});

export const runsSchema = z
  .strictObject({
    resourceId: z.string(),
    currency: z.string(),
    runs: z.array(
      z.strictObject({
        runId: z.string(),
        meter: z.string(),
        start: instant,
        stop: instant.nullable().meta({ description: 'Null while the run is still open' }),
        durationSeconds: decimal,
        quantity: decimal,
        unit: z.string(),
        cost: nullableCost,
        dimensions,
        segments: z.array(
          z.strictObject({
            start: instant,
            end: instant,
            quantity: decimal.meta({ description: 'The quantity held in the segment (vCPU, GB)' }),
            seconds: decimal,
            usage: decimal,
            cost: nullableCost,
          }),
        ),
      }),
    ),
    total: z.strictObject({ quantity: decimal, cost: nullableCost }),
  })
  .meta({ id: 'ResourceRuns' });

const runView = (run: RunView) => ({
  runId: run.runId,
  meter: run.meter,
  start: toIso(run.startMs),
  stop: run.stopMs === null ? null : toIso(run.stopMs),
  durationSeconds: run.durationSeconds,
  quantity: run.quantity,
  unit: run.unit,
  cost: run.cost,
  dimensions: run.dimensions,
  segments: run.segments.map((s) => ({
    start: toIso(s.startMs),
    end: toIso(s.endMs),
    quantity: s.quantity,
    seconds: s.seconds,
    usage: s.usage,
    cost: s.cost,
  })),
});

export const runsView = (r: ResourceRuns) => ({
  resourceId: r.resourceId,
  currency: r.currency,
  runs: r.runs.map(runView),
  total: r.total,
});

export const overviewSchema = z
  .strictObject({
    customerId: z.string(),
    currency: z.string(),
    locale: z.string(),
    timeZone: z.string(),
    period: z.strictObject({ start: instant, end: instant }).nullable(),
    accrued: decimal.meta({ description: 'The total of the invoice the period would get now' }),
    forecast: decimal
      .nullable()
      .meta({ description: 'Projected to the period end; null without a plan' }),
    creditBalance: decimal,
    nextInvoiceAt: instant.nullable(),
    openAmount: decimal,
    overdueAmount: decimal,
    topResources: z.array(
      z.strictObject({
        resourceId: z.string(),
        meter: z.string(),
        unit: z.string(),
        quantity: decimal,
        cost: nullableCost,
      }),
    ),
    resourceCount: z.number().int(),
    live: z.enum(['ok', 'unavailable']).meta({
      description:
        'unavailable: Temporal did not answer; accrued and forecast come from the ledger',
    }),
  })
  .meta({ id: 'CustomerOverview' });

export const overviewView = (o: Overview) => ({
  customerId: o.customerId,
  currency: o.currency,
  locale: o.locale,
  timeZone: o.timeZone,
  period: { start: toIso(o.period.startMs), end: toIso(o.period.endMs) },
  accrued: o.accrued,
  forecast: o.forecast,
  creditBalance: o.creditBalance,
  nextInvoiceAt: toIso(o.nextInvoiceAtMs),
  openAmount: o.openAmount,
  overdueAmount: o.overdueAmount,
  topResources: o.topResources,
  resourceCount: o.resourceCount,
  live: o.live,
});
