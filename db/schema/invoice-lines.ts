import { integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { RatedSubLine } from '../../domain/rating/rated-line';
import { invoices } from './invoices';

/** A rated line: the rounded amount beside the precise one, per-resource detail in sub_lines. */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    lineId: text('line_id').notNull(),
    position: integer('position').notNull(),
    priceId: text('price_id').notNull(),
    meter: text('meter').notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull(),
    quantity: numeric('quantity').notNull(),
    unit: text('unit').notNull(),
    unitPrice: numeric('unit_price').notNull(),
    preciseAmount: numeric('precise_amount').notNull(),
    amount: numeric('amount').notNull(),
    subLines: jsonb('sub_lines').$type<RatedSubLine[]>().notNull(),
    /**
     * The project whose section of the central invoice the line is in (null: the account),
     * generated from the line id's `#<projectId>` suffix (domain/projects/split-line.ts).
     */
    projectId: text('project_id').generatedAlwaysAs(
      sql`${sql.raw("substring(line_id from '#([A-Za-z0-9._:-]+)$')")}`,
    ),
  },
  (table) => [primaryKey({ columns: [table.invoiceId, table.lineId] })],
);
