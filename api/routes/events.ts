import { errorSpec } from '../../domain/error-catalogue';
import { BillingError } from '../../domain/errors';
import { ingestEvents } from '../../services/ingest-events';
import { secondsSince } from '../../services/metrics';
import { apiKeyIdOf } from '../auth';
import { defineRoute, json } from '../contract/route';
import { eventBatchSchema, eventResultsSchema, eventsOrThrow } from '../schemas/event-batch';

/** The number of events a refused body held (0 when it held no list). */
function eventsIn(raw: unknown): number {
  const events: unknown =
    typeof raw === 'object' && raw !== null ? (raw as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? events.length : 0;
}

export const eventRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/events',
    tag: 'Events',
    summary: 'Record a batch of usage events',
    description:
      'Validated whole and ledgered in one transaction; the answer comes after the commit and ' +
      "the events reach the customers' billing cycles within about a second. A retried event " +
      '(same customer, id and content) is a duplicate and is not counted again; an id ' +
      'recorded before with other content rejects the batch (409 event_conflict, by index). ' +
      'Each API key may send INGEST_RATE_LIMIT_EVENTS_PER_SECOND events per second with bursts ' +
      'of INGEST_RATE_LIMIT_BURST; a batch beyond that is answered 429 (rate_limited) with ' +
      'Retry-After, and none of it is kept.',
    access: 'operator',
    body: eventBatchSchema,
    statedRules: [
      { field: 'customerId', rule: 'a customer that exists' },
      { field: 'projectId', rule: 'a project of that customer that exists' },
      {
        field: 'dimensions',
        rule: 'on resource.updated, given whenever projectId is (the project is a dimension)',
      },
      {
        field: 'timestamp',
        rule: "within the backdating window and the future tolerance of the server's clock",
      },
    ],
    // The clock window needs the server's clock; issues name each event by its index.
    parseBody: (raw, _req, deps) => {
      try {
        return eventsOrThrow(raw, { nowMs: deps.now(), ...deps.eventRules });
      } catch (error) {
        deps.metrics.billingEvents('rejected', eventsIn(raw));
        throw error;
      }
    },
    // Per key: INGEST_RATE_LIMIT_EVENTS_PER_SECOND, INGEST_RATE_LIMIT_BURST (docs/operations.md).
    errors: [409, 429],
    responses: {
      202: { description: 'Recorded (or recorded before)', schema: eventResultsSchema },
    },
    handle: async ({ body, res }, deps) => {
      // Over the key's rate: refused whole before anything is kept.
      const waitSeconds = deps.ingestLimiter.take(apiKeyIdOf(res), body.events.length);
      if (waitSeconds !== null) {
        res.setHeader('retry-after', String(waitSeconds));
        throw new BillingError('rate_limited', 'too many events for this API key', {
          details: [{ field: 'events', message: `retry after ${waitSeconds} s` }],
        });
      }
      const started = process.hrtime.bigint();
      let results;
      try {
        results = await ingestEvents(
          {
            db: deps.database.db,
            forwarder: deps.forwarder,
            usageFeed: deps.usageFeed,
            now: deps.now,
          },
          body.events,
        );
      } catch (error) {
        // A batch the ledger refused (conflict, unknown customer): every event of it.
        if (error instanceof BillingError && errorSpec(error.code).status < 500) {
          deps.metrics.billingEvents('rejected', body.events.length);
        }
        throw error;
      }
      deps.metrics.ledgerAppend(secondsSince(started));
      const duplicates = results.filter((result) => result.status === 'duplicate').length;
      deps.metrics.billingEvents('accepted', results.length - duplicates);
      deps.metrics.billingEvents('duplicate', duplicates);
      return json(202, {
        results: results.map((result) => ({ id: result.event.id, status: result.status })),
      });
    },
  }),
];
