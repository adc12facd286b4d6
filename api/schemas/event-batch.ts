import { z } from 'zod';
import type { Customer } from '../../domain/customer';
import { isDecimalString, toDecimalString, Decimal } from '../../domain/decimal';
import { EVENT_TYPES } from '../../domain/events';
import { parseRfc3339 } from '../../domain/time';
import type { NewEvent } from '../../db/repositories/ledger.repository';
import { toFieldIssues, type FieldIssue } from './issues';
import { text } from './text';

export const MAX_EVENTS_PER_BATCH = 1000;

const eventSchema = z.strictObject({
  id: text(128),
  customerId: text(128),
  type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
  timestamp: z
    .string({ error: 'must be an RFC 3339 timestamp with offset' })
    .refine((value) => parseRfc3339(value) !== null, 'must be an RFC 3339 timestamp with offset'),
  resourceId: text(256),
  meter: text(128),
  dimensions: z.record(text(128), text(256, { allowEmpty: true })).optional(),
  quantity: z
    .string({ error: 'must be a decimal string' })
    .refine(
      isDecimalString,
      'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"',
    )
    .optional(),
});

const batchSchema = z.strictObject({
  events: z
    .array(z.unknown(), { error: 'must be an array of events' })
    .min(1, 'must hold at least one event')
    .max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per batch`),
});

export interface EventRules {
  nowMs: number;
  backdatingWindowMs: number;
  futureToleranceMs: number;
}

export type ParsedBatch = { ok: true; events: NewEvent[] } | { ok: false; issues: FieldIssue[] };

/** Shape checks of the whole batch; every invalid event is reported, none is kept. */
export function parseEventBatch(body: unknown, rules: EventRules): ParsedBatch {
  const batch = batchSchema.safeParse(body);
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
    const timestampMs = parseRfc3339(event.timestamp) as number;
    if (timestampMs > rules.nowMs + rules.futureToleranceMs) {
      issues.push({
        index,
        field: 'timestamp',
        message: `is more than ${rules.futureToleranceMs / 1000} s in the future`,
      });
      return;
    }
    if (timestampMs < rules.nowMs - rules.backdatingWindowMs) {
      issues.push({
        index,
        field: 'timestamp',
        message: `is older than the backdating window of ${rules.backdatingWindowMs / 1000} s`,
      });
      return;
    }
    events.push({
      customerId: event.customerId,
      id: event.id,
      type: event.type,
      timestampMs,
      resourceId: event.resourceId,
      meter: event.meter,
      dimensions: event.dimensions ?? null,
      quantity: event.quantity === undefined ? null : toDecimalString(new Decimal(event.quantity)),
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
}

/** Events whose customer does not exist, as issues (the batch is then rejected whole). */
export function unknownCustomerIssues(
  events: NewEvent[],
  customers: Map<string, Customer>,
): FieldIssue[] {
  return events.flatMap((event, index) =>
    customers.has(event.customerId)
      ? []
      : [{ index, field: 'customerId', message: `unknown customer ${event.customerId}` }],
  );
}
