import { Decimal } from './decimal';
import { BillingError } from './errors';
import type { Dimensions, LedgerEvent } from './events';
import { withProject } from './projects/project-dimension';

/**
 * A validated event not yet in the ledger. `projectId` (null or absent: the account) is
 * folded into the dimensions before the append (foldProjects), which is how the ledger and
 * metering carry it.
 */
export type NewEvent = Omit<LedgerEvent, 'seq'> & { customerId: string; projectId?: string | null };

/** A problem with one event of a batch, by its index in the batch. */
export interface EventIssue {
  index: number;
  field: string;
  message: string;
}

/** The answer to a batch with any invalid event: rejected whole, nothing recorded. */
export function invalidEvents(details: readonly unknown[]): BillingError {
  return new BillingError('invalid_events', 'the batch was rejected; no event of it was recorded', {
    details,
  });
}

/** Events whose customer does not exist, as issues (the batch is then rejected whole). */
export function unknownCustomerIssues(
  events: readonly NewEvent[],
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): EventIssue[] {
  return events.flatMap((event, index) =>
    known.has(event.customerId)
      ? []
      : [{ index, field: 'customerId', message: `unknown customer ${event.customerId}` }],
  );
}

/**
 * Events naming a project their customer does not have, as issues on `projectId` (the batch
 * is then rejected whole). `known` holds projectKey(customerId, projectId) of existing ones.
 */
export function unknownProjectIssues(
  events: readonly NewEvent[],
  known: ReadonlySet<string>,
): EventIssue[] {
  return events.flatMap((event, index) =>
    event.projectId == null || known.has(projectKey(event.customerId, event.projectId))
      ? []
      : [
          {
            index,
            field: 'projectId',
            message: `unknown project ${event.projectId} of customer ${event.customerId}`,
          },
        ],
  );
}

/** A (customer, project) pair as one key. */
export const projectKey = (customerId: string, projectId: string): string =>
  JSON.stringify([customerId, projectId]);

/** The events as the ledger stores them: the project folded into the dimensions. */
export function foldProjects(events: readonly NewEvent[]): NewEvent[] {
  return events.map(({ projectId, ...event }) => ({
    ...event,
    dimensions: withProject(event.dimensions, projectId ?? null),
  }));
}

/**
 * Ledgered events per customer, in batch order, for forwarding: one entry per customer, in
 * the order the customers first appear. Duplicates are forwarded too (the ledger's copy):
 * the workflow drops sequence numbers it has applied.
 */
export function ledgeredEventsByCustomer(
  results: readonly { customerId: string; event: LedgerEvent }[],
): { customerId: string; events: LedgerEvent[] }[] {
  const byCustomer = new Map<string, LedgerEvent[]>();
  for (const result of results) {
    const list = byCustomer.get(result.customerId) ?? [];
    list.push(result.event);
    byCustomer.set(result.customerId, list);
  }
  return [...byCustomer].map(([customerId, events]) => ({ customerId, events }));
}

/** The fields of an event that make its content: what a retry with the same id must repeat. */
export const EVENT_CONTENT_FIELDS = [
  'type',
  'timestamp',
  'resourceId',
  'meter',
  'dimensions',
  'quantity',
] as const;
export type EventContentField = (typeof EVENT_CONTENT_FIELDS)[number];

/**
 * The content fields in which an event sent again under a ledgered id differs from the
 * ledger's copy; none: the same event, an idempotent duplicate. Compared as values, not as
 * spellings: the instant in ms ("10:00:00Z" = "11:00:00+01:00"), the quantity as a decimal
 * ("2" = "2.000"), dimensions as a map (key order aside). An omitted field (null) differs from
 * any value: a start without a quantity counts 1, an update without dimensions keeps them.
 */
export function eventDifferences(stored: LedgerEvent, sent: NewEvent): EventContentField[] {
  const same: Record<EventContentField, boolean> = {
    type: stored.type === sent.type,
    timestamp: stored.timestampMs === sent.timestampMs,
    resourceId: stored.resourceId === sent.resourceId,
    meter: stored.meter === sent.meter,
    dimensions: sameDimensions(stored.dimensions, sent.dimensions),
    quantity: sameQuantity(stored.quantity, sent.quantity),
  };
  return EVENT_CONTENT_FIELDS.filter((field) => !same[field]);
}

function sameDimensions(a: Dimensions | null, b: Dimensions | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

function sameQuantity(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Decimal(a).eq(new Decimal(b));
}

/**
 * Events of a batch whose id the ledger (or an earlier event of the batch) holds with other
 * content, as issues on `id`; `results[i]` is the ledger's answer for `sent[i]`. Any of them
 * rejects the batch whole (event_conflict): answering `duplicate` would drop the difference
 * without a word.
 */
export function conflictingEvents(
  sent: readonly NewEvent[],
  results: readonly { status: 'accepted' | 'duplicate'; event: LedgerEvent }[],
): EventIssue[] {
  return results.flatMap((result, index) => {
    const event = sent[index];
    if (result.status !== 'duplicate' || event === undefined) return [];
    const differences = eventDifferences(result.event, event);
    if (differences.length === 0) return [];
    return [
      {
        index,
        field: 'id',
        message:
          `event ${event.id} was recorded before with other content ` +
          `(${differences.join(', ')}); a new event needs a new id`,
      },
    ];
  });
}

/** The answer to a batch reusing an event id for other content: nothing of it is recorded. */
export function eventConflict(details: readonly EventIssue[]): BillingError {
  return new BillingError(
    'event_conflict',
    'an event id was recorded before with other content; no event of the batch was recorded',
    { details },
  );
}
