import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/**
 * The outbox of business events (invoice.finalized, invoice.paid, ...): written in the same
 * transaction as the change it reports, with an id derived from it, then dispatched to the
 * delivery workflow `delivery:<id>`. `dispatchedAt` is set once that workflow exists.
 */
export const billingEvents = pgTable('billing_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  customerId: text('customer_id')
    .notNull()
    .references(() => customers.id),
  /** The invoice, credit note or payment the event is about. */
  subjectId: text('subject_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  occurredAt: timestamp('occurred_at', {
    withTimezone: true,
    precision: 3,
    mode: 'date',
  }).notNull(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true, precision: 3, mode: 'date' }),
});
