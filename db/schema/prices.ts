import { integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { PriceModel } from '../../domain/rating/types';
import { plans } from './plans';

/**
 * The prices of a plan, immutable like the plan. The key is (plan, price id): a new plan that
 * revises an old one keeps its price ids, so rated line ids stay comparable across plans.
 */
export const prices = pgTable(
  'prices',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    id: text('id').notNull(),
    /** The order the plan was created with; the price list is read back in this order. */
    position: integer('position').notNull(),
    meter: text('meter').notNull(),
    dimensionsFilter: jsonb('dimensions_filter').$type<Record<string, string>>().notNull(),
    groupBy: jsonb('group_by').$type<string[]>(),
    freeUnits: numeric('free_units'),
    unitLabel: text('unit_label'),
    /** The VAT category of the price's lines (domain/invoice/tax-categories.ts). */
    taxCategory: text('tax_category', {
      enum: ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'],
    })
      .notNull()
      .default('standard'),
    /** The domain's PriceModel as is (domain/rating/types.ts), decimals as strings. */
    model: jsonb('model').$type<PriceModel>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.planId, table.id] })],
);
