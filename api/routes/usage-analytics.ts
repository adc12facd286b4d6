import { z } from 'zod';
import { GROUP_BY_VALUES, type GroupBy } from '../../domain/usage/group-keys';
import { getOverview } from '../../services/get-overview';
import { getResourceRuns } from '../../services/get-resource-runs';
import { listMeters } from '../../services/list-meters';
import { listResources } from '../../services/list-resources';
import { getUsageTimeseries, getUsageTimeseriesCsv } from '../../services/usage-timeseries';
import { PAGINATED, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import type { ApiDeps } from '../deps';
import {
  metersQuery,
  metersSchema,
  metersView,
  overviewSchema,
  overviewView,
  rangeOf,
  rangeQuery,
  resourcesQuery,
  resourcesSchema,
  resourcesView,
  runsSchema,
  runsView,
  timeseriesQuery,
  timeseriesSchema,
  timeseriesView,
} from '../schemas/usage-analytics';

const idParams = z.object({ id: z.string() });
const analyticsDeps = (deps: ApiDeps) => ({ db: deps.database.db, now: deps.now });
const RANGE_NOTE =
  'Read from the usage ledger: a finalized period as its invoice saw it (events received ' +
  'after it are adjustments on a later invoice), the current period with open runs counted ' +
  'up to now. For a past period pass an invoice’s periodStart and periodEnd.';

const PROJECT_NOTE =
  "A project key reads these with its own project's usage only (as if projectId named it).";

/** What JSON Schema cannot say about a range (x-stated-rules in the document). */
const rangeRules = [
  {
    field: 'to',
    rule: "after from (each defaults to the current period's bounds); at most 400 days after from, 100 for granularity=hour",
  },
];

const timeseriesOf = (query: z.output<typeof timeseriesQuery>) => ({
  ...rangeOf(query),
  granularity: query.granularity ?? 'day',
  groupBy: (query.groupBy ?? 'meter') as GroupBy,
  ...(query.meter === undefined ? {} : { meter: query.meter }),
  ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
  ...(query.top === undefined ? {} : { top: Number(query.top) }),
});

const timeseriesDescription =
  `Usage and cost per local hour or day of the customer's time zone (23 and 25 h days at DST ` +
  `changes), stacked by ${GROUP_BY_VALUES.join(', ')}. A resource's buckets over a whole ` +
  `period add up exactly to its precise invoice amounts. ${RANGE_NOTE} ${PROJECT_NOTE}`;

/** The portal's usage analytics: overview, usage over time, and the drill-down to runs. */
export const usageAnalyticsRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/overview',
    tag: 'Usage',
    summary: 'The current period at a glance: cost so far, forecast, balances, top resources',
    description:
      'Accrued and forecast come from the billing-cycle workflow; when Temporal does not ' +
      'answer they are drafted from the ledger and `live` is "unavailable" (never a 503).',
    access: 'customer',
    params: idParams,
    responses: { 200: { description: 'The overview', schema: overviewSchema } },
    // 409 missing_tax_rate: the customer has tax rates, but none of a line's category.
    errors: [404, 409],
    handle: async ({ params, principal }, deps) => {
      const overview = await getOverview(
        { ...analyticsDeps(deps), cycles: deps.cycles },
        principal,
        params.id,
      );
      return json(200, overviewView(overview));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/usage/timeseries',
    tag: 'Usage',
    summary: 'Usage and cost per hour or day, stacked by meter, resource or project',
    description: timeseriesDescription,
    access: 'customer',
    params: idParams,
    query: timeseriesQuery,
    statedRules: rangeRules,
    invalidMessage: 'the timeseries query is invalid',
    responses: { 200: { description: 'The buckets and totals', schema: timeseriesSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const timeseries = await getUsageTimeseries(
        analyticsDeps(deps),
        principal,
        params.id,
        timeseriesOf(query),
      );
      return json(200, timeseriesView(timeseries));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/usage/timeseries.csv',
    tag: 'Usage',
    summary: 'The usage timeseries as CSV: one row per bucket and group',
    description: `Columns start,end,key,quantity,unit,cost (RFC 4180). ${timeseriesDescription}`,
    access: 'customer',
    params: idParams,
    query: timeseriesQuery,
    statedRules: rangeRules,
    invalidMessage: 'the timeseries query is invalid',
    responses: {
      200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' },
    },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => ({
      status: 200,
      body: await getUsageTimeseriesCsv(
        analyticsDeps(deps),
        principal,
        params.id,
        timeseriesOf(query),
      ),
      contentType: 'text/csv; charset=utf-8',
      headers: { 'Content-Disposition': `attachment; filename="usage-${params.id}.csv"` },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/meters',
    tag: 'Usage',
    summary: 'The usage categories (meters) of a range, with their usage and cost',
    description: `${RANGE_NOTE} ${PROJECT_NOTE}`,
    access: 'customer',
    params: idParams,
    query: metersQuery,
    statedRules: rangeRules,
    invalidMessage: 'the range is invalid',
    responses: { 200: { description: 'The meters', schema: metersSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { meters } = await listMeters(analyticsDeps(deps), principal, params.id, {
        ...rangeOf(query),
        ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
      });
      return json(200, metersView(meters));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/resources',
    tag: 'Usage',
    summary: "A range's resources with their usage, cost and runs, highest cost first",
    description: `${RANGE_NOTE} ${PROJECT_NOTE} ${PAGINATED}`,
    access: 'customer',
    params: idParams,
    query: resourcesQuery,
    statedRules: [...rangeRules, ...pageRules],
    invalidMessage: 'the resources query is invalid',
    responses: { 200: { description: 'The resources', schema: resourcesSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const page = await listResources(analyticsDeps(deps), principal, params.id, {
        ...rangeOf(query),
        ...(query.meter === undefined ? {} : { meter: query.meter }),
        ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
        page: pageRequestOf(query),
      });
      return json(200, resourcesView(page.items, page.nextCursor));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/resources/{resourceId}/runs',
    tag: 'Usage',
    summary: "A resource's runs on a timeline: start, stop, resizes, duration and cost",
    description: RANGE_NOTE,
    access: 'customer',
    params: z.object({ id: z.string(), resourceId: z.string() }),
    query: rangeQuery,
    statedRules: rangeRules,
    invalidMessage: 'the range is invalid',
    responses: { 200: { description: 'The runs', schema: runsSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const runs = await getResourceRuns(
        analyticsDeps(deps),
        principal,
        params.id,
        params.resourceId,
        rangeOf(query),
      );
      return json(200, runsView(runs));
    },
  }),
];
