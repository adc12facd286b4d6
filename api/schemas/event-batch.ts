import { z } from 'zod';
import { DECIMAL_STRING, MAX_DECIMAL_LENGTH, toDecimalString, Decimal } from '../../domain/decimal';
import { EVENT_TYPES } from '../../domain/events';
import { invalidEvents, type NewEvent } from '../../domain/ingest';
import { PROJECT_DIMENSION } from '../../domain/projects/project-dimension';
import { parseRfc3339 } from '../../domain/time';
import { idSchema } from './ids';
import { toFieldIssues, type FieldIssue } from './issues';
import { dimensionMap, mapKey } from './map';
import { text } from './text';

export const MAX_EVENTS_PER_BATCH = 1000;

const TIMESTAMP_MESSAGE = 'must be an RFC 3339 timestamp with offset';
const QUANTITY_MESSAGE =
  'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"';

/**
 * One usage event as a client sends it, validated and read as the ledger stores it (the
 * instant in epoch milliseconds, the quantity canonical). The clock window is checked per
 * request (see parseEventBatch).
 */
const eventSchema = z
  .strictObject({
    id: text(128).meta({
      description:
        'Unique per customer: a retried event (same content) is a duplicate; the same id with ' +
        'other content is a 409 event_conflict. Well-formed Unicode (no lone surrogate), ' +
        'without NUL: stored exactly as sent.',
    }),
    customerId: text(128),
    type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
    timestamp: z
      .string({ error: TIMESTAMP_MESSAGE })
      .refine((value) => parseRfc3339(value) !== null, TIMESTAMP_MESSAGE)
      .meta({
        format: 'date-time',
        description:
          'When it happened: RFC 3339 with an offset. It must lie within the backdating window ' +
          "before the server's clock (7 days by default) and at most the future tolerance " +
          'after it (300 s by default); leap seconds are refused.',
      }),
    resourceId: text(256),
    meter: text(128),
    dimensions: dimensionMap(mapKey(128), text(256, { allowEmpty: true })).optional(),
    quantity: z
      .string({ error: 'must be a decimal string' })
      .max(MAX_DECIMAL_LENGTH, { message: QUANTITY_MESSAGE, abort: true })
      .regex(DECIMAL_STRING, QUANTITY_MESSAGE)
      .optional(),
    projectId: idSchema.optional().meta({
      description:
        "A project of the event's customer (POST /v1/customers/{id}/projects); absent: the " +
        'account itself. An unknown project rejects the batch. A resource.updated that names ' +
        "a project must also give the dimensions: together they replace the run's.",
    }),
  })
  .superRefine((event, ctx) => {
    if (event.dimensions !== undefined && Object.hasOwn(event.dimensions, PROJECT_DIMENSION)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions', PROJECT_DIMENSION],
        message: 'is reserved for the project; send projectId',
      });
    }
    if (
      event.type === 'resource.updated' &&
      event.projectId !== undefined &&
      event.dimensions === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions'],
        message:
          'must be given with projectId on resource.updated (the project is a dimension; ' +
          "omit both to keep the run's)",
      });
    }
  })
  .meta({ id: 'UsageEvent' })
  .transform((event): NewEvent => ({
    customerId: event.customerId,
    id: event.id,
    type: event.type,
    timestampMs: parseRfc3339(event.timestamp) as number,
    resourceId: event.resourceId,
    meter: event.meter,
    dimensions: event.dimensions ?? null,
    quantity: event.quantity === undefined ? null : toDecimalString(new Decimal(event.quantity)),
    ...(event.projectId === undefined ? {} : { projectId: event.projectId }),
  }));

/** A batch of `item`s: the one place the batch's size rules are stated. */
const batchOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    events: z
      .array(item, { error: 'must be an array of events' })
      .min(1, 'must hold at least one event')
      .max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per batch`),
  });

/**
 * POST /v1/events as the contract states it. The batch is validated whole: an invalid
 * event rejects it, and the issues name each event by its index (see parseEventBatch).
 */
export const eventBatchSchema = batchOf(eventSchema).meta({
  id: 'EventBatch',
  description:
    'Validated whole: any invalid event (shape, timestamp outside the clock window, unknown ' +
    'customer) rejects the batch with invalid_events and nothing is recorded.',
});

/** A validated batch: what the route hands to the ingest use case. */
export type EventBatch = z.output<typeof eventBatchSchema>;

/** The envelope first, then each event on its own, so every issue names its event's index. */
const envelopeSchema = batchOf(z.unknown());

export const eventResultsSchema = z
  .strictObject({
    results: z.array(
      z.strictObject({
        id: z.string(),
        /** `duplicate`: the same customer, event id and content were recorded before. */
        status: z.enum(['accepted', 'duplicate']),
      }),
    ),
  })
  .meta({ id: 'EventResults' });

export interface EventRules {
  nowMs: number;
  backdatingWindowMs: number;
  futureToleranceMs: number;
}

export type ParsedBatch = { ok: true; events: NewEvent[] } | { ok: false; issues: FieldIssue[] };

/** Shape checks of the whole batch; every invalid event is reported, none is kept. */
export function parseEventBatch(body: unknown, rules: EventRules): ParsedBatch {
  const batch = envelopeSchema.safeParse(body);
  if (!batch.success) return { ok: false, issues: toFieldIssues(batch.error) };
  const issues: FieldIssue[] = [];
  const events: NewEvent[] = [];
  batch.data.events.forEach((raw, index) => {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...toFieldIssues(parsed.error, index));
      return;
    }
    const event = parsed.data;
    if (event.timestampMs > rules.nowMs + rules.futureToleranceMs) {
      issues.push({
        index,
        field: 'timestamp',
        message: `is more than ${rules.futureToleranceMs / 1000} s in the future`,
      });
      return;
    }
    if (event.timestampMs < rules.nowMs - rules.backdatingWindowMs) {
      issues.push({
        index,
        field: 'timestamp',
        message: `is older than the backdating window of ${rules.backdatingWindowMs / 1000} s`,
      });
      return;
    }
    events.push(event);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
}

/** The validated batch, or invalid_events naming every issue (the route's parseBody). */
export function eventsOrThrow(body: unknown, rules: EventRules): EventBatch {
  const parsed = parseEventBatch(body, rules);
  if (!parsed.ok) throw invalidEvents(parsed.issues);
  return { events: parsed.events };
}
