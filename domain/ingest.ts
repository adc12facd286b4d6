import { BillingError } from './errors';
import type { LedgerEvent } from './events';

/** A validated event not yet in the ledger. */
export type NewEvent = Omit<LedgerEvent, 'seq'> & { customerId: string };

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
