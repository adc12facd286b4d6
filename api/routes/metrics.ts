import { defineRoute } from '../contract/route';

/** Prometheus scrapes this with an operator key as its bearer token (docs/operations.md). */
export const metricsRoutes = [
  defineRoute({
    method: 'get',
    path: '/metrics',
    tag: 'Operations',
    summary: "The process's metrics in Prometheus text format",
    description:
      'HTTP latency by route template, usage events by outcome, ledger append latency, the ' +
      'event forwarder and, in a process that also runs the worker, period closes, ' +
      'finalized invoices, deliveries and PDF rendering. The metric list is in ' +
      'docs/operations.md.',
    access: 'operator',
    responses: {
      200: { description: 'Prometheus exposition format 0.0.4', contentType: 'text/plain' },
    },
    handle: async (_input, deps) => {
      const { contentType, text } = await deps.renderMetrics();
      return { status: 200, body: text, contentType, headers: { 'cache-control': 'no-store' } };
    },
  }),
];
