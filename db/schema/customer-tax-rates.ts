import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/** The tax rates a customer's invoices are drafted with (EN 16931: per rate, rounded once). */
export const customerTaxRates = pgTable(
  'customer_tax_rates',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    percentage: text('percentage').notNull(),
    inclusive: boolean('inclusive').notNull(),
    /** The tax category whose lines this rate taxes (domain/invoice/tax-categories.ts). */
    category: text('category', {
      enum: ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'],
    })
      .notNull()
      .default('standard'),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);
