import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Invoice number counters, one row per sequence (issuer and year). Numbers are taken under
 * this row's lock in the finalizing transaction, so a rollback never leaves a gap.
 */
export const invoiceSequences = pgTable('invoice_sequences', {
  key: text('key').primaryKey(),
  last: bigint('last', { mode: 'number' }).notNull(),
});
