import { and, eq, gt, like, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { RatedSubLine } from '../../domain/rating';
import { invoiceLines, invoices, usageEvents, usageSummaries } from '../schema';

/**
 * The earliest timestamp among lifecycle events (start, stop, resize) that reached the ledger
 * in (afterSequence, upToSequence] stamped before `beforeMs`, or null when there is none:
 * the late lifecycle events a period close has to restate finalized periods for. Served by
 * the primary key (customer, sequence).
 */
export async function loadEarliestLateLifecycleMs(
  db: Database,
  customerId: string,
  range: { afterSequence: number; upToSequence: number | null; beforeMs: number },
): Promise<number | null> {
  const [row] = await db
    .select({ earliest: sql<Date | string | null>`min(${usageEvents.occurredAt})` })
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.customerId, customerId),
        gt(usageEvents.sequence, range.afterSequence),
        range.upToSequence === null ? undefined : lte(usageEvents.sequence, range.upToSequence),
        ne(usageEvents.type, 'usage.recorded'),
        lt(usageEvents.occurredAt, new Date(range.beforeMs)),
      ),
    );
  const earliest = row?.earliest ?? null;
  return earliest === null ? null : new Date(earliest).getTime();
}

/** The ledger position (last sequence) a period's usage summary covers, or null without one. */
export async function loadSummarySequence(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<number | null> {
  const [row] = await db
    .select({ lastSequence: usageSummaries.lastSequence })
    .from(usageSummaries)
    .where(
      and(
        eq(usageSummaries.customerId, customerId),
        eq(usageSummaries.periodStart, new Date(periodStartMs)),
      ),
    );
  return row?.lastSequence ?? null;
}

export interface ChargedLineRow {
  lineId: string;
  priceId: string;
  meter: string;
  dimensions: Record<string, string>;
  unit: string;
  quantity: string;
  amount: string;
  preciseAmount: string;
  /** The line's per-resource detail as the invoice stored it. */
  subLines: RatedSubLine[];
  /** What of a negative adjustment went to the credit balance instead (carry-to-credit.ts). */
  carriedToCredit: string | null;
}

/**
 * Every line that finalized invoices (void ones included) charged for one period: the
 * period's own invoice's lines and the `adj-<periodStartMs>-…` adjustments of later ones.
 */
export async function loadChargedLinesOfPeriod(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<ChargedLineRow[]> {
  const rows = await db
    .select({
      lineTotals: invoices.lineTotals,
      lineId: invoiceLines.lineId,
      priceId: invoiceLines.priceId,
      meter: invoiceLines.meter,
      dimensions: invoiceLines.dimensions,
      unit: invoiceLines.unit,
      quantity: invoiceLines.quantity,
      amount: invoiceLines.amount,
      preciseAmount: invoiceLines.preciseAmount,
      subLines: invoiceLines.subLines,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(
      and(
        eq(invoices.customerId, customerId),
        ne(invoices.status, 'draft'),
        or(
          and(
            eq(invoices.periodStart, new Date(periodStartMs)),
            sql`${invoiceLines.lineId} not like 'adj-%'`,
          ),
          like(invoiceLines.lineId, `adj-${periodStartMs}-%`),
        ),
      ),
    );
  return rows.map(({ lineTotals, ...line }) => ({
    ...line,
    carriedToCredit:
      lineTotals.find((totals) => totals.lineId === line.lineId)?.carriedToCredit ?? null,
  }));
}
