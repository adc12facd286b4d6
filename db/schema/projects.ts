import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/**
 * A project (or team) under one customer account: events may carry its id, invoice lines
 * are grouped by it, keys and budgets may be scoped to it. Ids are unique per customer.
 * Immutable once created (an invoice's project section reads these fields), so a finalized
 * invoice never changes under a rename.
 */
export const projects = pgTable(
  'projects',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    team: text('team'),
    /** Printed per line on e-invoices as the buyer accounting reference (EN 16931 BT-133). */
    costCenter: text('cost_center'),
    /** The buyer's purchase order the project's charges are billed against (BT-13). */
    purchaseOrderReference: text('purchase_order_reference'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);
