import {
  bigint,
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { BurstUsage } from '../../domain/metering/burst-usage';
import type { RunShare } from '../../domain/metering/usage-report';
import { customers } from './customers';

/** One row per customer and closed period: written once, by the period close. */
export const usageSummaries = pgTable(
  'usage_summaries',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    periodStart: timestamp('period_start', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    periodEnd: timestamp('period_end', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    lastSequence: bigint('last_sequence', { mode: 'number' }).notNull(),
    /** Late usage for earlier periods and replay anomalies, as reported at close. */
    lateUsage: jsonb('late_usage').notNull(),
    anomalies: jsonb('anomalies').notNull(),
    /** False while the period is in its grace period: a provisional summary, replaced at its end. */
    final: boolean('final').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.periodStart] })],
);

/** Per resource, meter and dimension set: the exact usage of the period. */
export const usageSummaryLines = pgTable(
  'usage_summary_lines',
  {
    customerId: text('customer_id').notNull(),
    periodStart: timestamp('period_start', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    resourceId: text('resource_id').notNull(),
    meter: text('meter').notNull(),
    dimensionsKey: text('dimensions_key').notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull(),
    seconds: numeric('seconds').notNull(),
    quantitySeconds: numeric('quantity_seconds').notNull(),
    quantity: numeric('quantity').notNull(),
    runs: integer('runs').notNull(),
    /** Each run's share of this period (for per-run minimums and increments in rating). */
    runShares: jsonb('run_shares').$type<RunShare[]>().notNull().default([]),
    /** Segments and counter intervals, for the peak and percentile models (burst meters only). */
    burst: jsonb('burst').$type<BurstUsage>(),
  },
  (table) => [
    primaryKey({
      columns: [
        table.customerId,
        table.periodStart,
        table.resourceId,
        table.meter,
        table.dimensionsKey,
      ],
    }),
  ],
);
