import { ingestEvents } from '../../services/ingest-events';
import { defineRoute, json } from '../contract/route';
import { eventBatchSchema, eventResultsSchema, eventsOrThrow } from '../schemas/event-batch';

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
      'recorded before with other content rejects the batch (409 event_conflict, by index).',
    access: 'operator',
    body: eventBatchSchema,
    statedRules: [
      { field: 'customerId', rule: 'a customer that exists' },
      {
        field: 'timestamp',
        rule: "within the backdating window and the future tolerance of the server's clock",
      },
    ],
    // The clock window needs the server's clock; issues name each event by its index.
    parseBody: (raw, _req, deps) => eventsOrThrow(raw, { nowMs: deps.now(), ...deps.eventRules }),
    errors: [409],
    responses: {
      202: { description: 'Recorded (or recorded before)', schema: eventResultsSchema },
    },
    handle: async ({ body }, deps) => {
      const results = await ingestEvents(
        { db: deps.database.db, forwarder: deps.forwarder },
        body.events,
      );
      return json(202, {
        results: results.map((result) => ({ id: result.event.id, status: result.status })),
      });
    },
  }),
];
