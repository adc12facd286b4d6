import {
  bigint,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** The usage ledger: every acknowledged event, append-only. */
export const usageEvents = pgTable(
  'usage_events',
  {
    /**
     * No foreign key to customers, on purpose: both append paths number an event from its
     * customer's row, locked for the statement, so an event of an unknown customer cannot be
     * written, and customers are never deleted. The key's per-row check was a third of the
     * append statement's time (docs/decisions.md, "The ledger has no foreign key").
     */
    customerId: text('customer_id').notNull(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type', {
      enum: ['resource.started', 'resource.stopped', 'resource.updated', 'usage.recorded'],
    }).notNull(),
    occurredAt: timestamp('occurred_at', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    resourceId: text('resource_id').notNull(),
    meter: text('meter').notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, string>>(),
    quantity: numeric('quantity'),
    /**
     * The customer's project the event belongs to (null: the account itself), generated from
     * the dimension that carries it through metering (domain/projects/project-dimension.ts).
     */
    projectId: text('project_id').generatedAlwaysAs(sql`${sql.raw("dimensions->>'$project'")}`),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.customerId, table.sequence] }),
    unique('usage_events_customer_event_id').on(table.customerId, table.eventId),
    index('usage_events_customer_occurred_at').on(table.customerId, table.occurredAt),
  ],
);
