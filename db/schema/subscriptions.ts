import { pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { plans } from './plans';

/**
 * A customer's plan from `effective_from` until the customer's next subscription begins.
 * Rows are never updated: a plan change is a new row, so past periods keep their plan.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    effectiveFrom: timestamp('effective_from', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    unique('subscriptions_customer_effective_from').on(table.customerId, table.effectiveFrom),
  ],
);
