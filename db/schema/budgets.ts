import { integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/** A spend budget per billing period, for the whole account (project null) or one project. */
export const budgets = pgTable(
  'budgets',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    id: text('id').notNull(),
    projectId: text('project_id'),
    /** Per billing period, in the customer's currency. */
    amount: numeric('amount').notNull(),
    /** Percent of the amount, ascending, e.g. [50, 80, 100]. */
    thresholds: jsonb('thresholds').$type<number[]>().notNull(),
    basis: text('basis', { enum: ['accrued', 'forecast'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);

/**
 * One row per budget, threshold and period that was crossed: the primary key is what makes
 * `budget.threshold_crossed` fire exactly once (insert-if-absent in the transaction that
 * writes the outbox event).
 */
export const budgetCrossings = pgTable(
  'budget_crossings',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    budgetId: text('budget_id').notNull(),
    periodStart: timestamp('period_start', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    threshold: integer('threshold').notNull(),
    /** The spend (accrued or forecast) that crossed it. */
    spend: numeric('spend').notNull(),
    eventId: text('event_id').notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    primaryKey({
      columns: [table.customerId, table.budgetId, table.periodStart, table.threshold],
    }),
  ],
);
