import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/**
 * API credentials, stored as SHA-256 hashes only (the key itself is shown once). An operator
 * key reaches everything; a customer key only that customer's data.
 */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  hash: text('hash').notNull().unique(),
  kind: text('kind', { enum: ['operator', 'customer'] }).notNull(),
  customerId: text('customer_id').references(() => customers.id),
  /** A customer key scoped to one project of that customer: it sees only that project. */
  projectId: text('project_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
  /** After this instant the key answers 401; null: it does not expire. */
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3, mode: 'date' }),
  /** Set once when an operator revokes the key; from then on it answers 401. */
  revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3, mode: 'date' }),
  /** When the key last authenticated a request, to within a minute (written at most once a minute). */
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, precision: 3, mode: 'date' }),
});
