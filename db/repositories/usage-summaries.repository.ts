import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { BurstUsage } from '../../domain/metering/burst-usage';
import type { LateUsage, RunShare, UsageReport } from '../../domain/metering/usage-report';
import { dimensionsKey } from '../../domain/metering/dimensions';
import type { ReportedLateUsage } from '../../domain/invoice/late-usage';
import type { Database } from '../client';
import { invoices, usageSummaries, usageSummaryLines } from '../schema';

export interface UsageSummary {
  customerId: string;
  lastSequence: number;
  report: UsageReport;
}

const LINE_CHUNK = 1000;

/**
 * Writes a period's summary. A provisional one (at the period end, `final: false`) is
 * replaced by later writes; a final one (at the end of the grace period) is written once,
 * so a retried or replayed close is a no-op. Returns false when nothing was written.
 */
export async function saveUsageSummary(
  db: Database,
  summary: UsageSummary & { final: boolean },
): Promise<boolean> {
  const { customerId, report } = summary;
  const periodStart = new Date(report.period.startMs);
  const key = and(
    eq(usageSummaries.customerId, customerId),
    eq(usageSummaries.periodStart, periodStart),
  );
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ final: usageSummaries.final })
      .from(usageSummaries)
      .where(key)
      .for('update');
    if (existing?.final) return false;
    const values = {
      periodEnd: new Date(report.period.endMs),
      lastSequence: summary.lastSequence,
      lateUsage: report.lateUsage,
      anomalies: report.anomalies,
      final: summary.final,
    };
    if (existing) {
      await tx.update(usageSummaries).set(values).where(key);
      await tx
        .delete(usageSummaryLines)
        .where(
          and(
            eq(usageSummaryLines.customerId, customerId),
            eq(usageSummaryLines.periodStart, periodStart),
          ),
        );
    } else {
      await tx.insert(usageSummaries).values({ customerId, periodStart, ...values });
    }
    const lines = report.resources.map((line) => ({
      customerId,
      periodStart,
      resourceId: line.resourceId,
      meter: line.meter,
      dimensionsKey: dimensionsKey(line.dimensions),
      dimensions: line.dimensions,
      seconds: line.seconds,
      quantitySeconds: line.quantitySeconds,
      quantity: line.quantity,
      runs: line.runs,
      runShares: line.runShares ?? [],
      burst: line.burst ?? null,
    }));
    for (let i = 0; i < lines.length; i += LINE_CHUNK) {
      await tx.insert(usageSummaryLines).values(lines.slice(i, i + LINE_CHUNK));
    }
    return true;
  });
}

export interface StoredSummaryLine {
  resourceId: string;
  meter: string;
  dimensions: Record<string, string>;
  seconds: string;
  quantitySeconds: string;
  quantity: string;
  runs: number;
  runShares: RunShare[];
  /** Only for burst meters (domain/metering/burst-usage.ts). */
  burst?: BurstUsage;
}

export async function loadUsageSummaryLines(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<StoredSummaryLine[]> {
  const rows = await db
    .select()
    .from(usageSummaryLines)
    .where(
      and(
        eq(usageSummaryLines.customerId, customerId),
        eq(usageSummaryLines.periodStart, new Date(periodStartMs)),
      ),
    )
    .orderBy(
      asc(usageSummaryLines.resourceId),
      asc(usageSummaryLines.meter),
      asc(usageSummaryLines.dimensionsKey),
    );
  return rows.map(
    ({
      resourceId,
      meter,
      dimensions,
      seconds,
      quantitySeconds,
      quantity,
      runs,
      runShares,
      burst,
    }) => ({
      resourceId,
      meter,
      dimensions,
      seconds,
      quantitySeconds,
      quantity,
      runs,
      runShares,
      ...(burst === null ? {} : { burst }),
    }),
  );
}

/**
 * What drafting a period reads of its summary besides the lines, in one statement: the
 * ledger position it covers and the late counters of finalized periods it reported. Null
 * without a summary.
 */
export async function loadUsageSummaryHeader(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<{ lastSequence: number; lateUsage: LateUsage[] } | null> {
  const [row] = await db
    .select({ lastSequence: usageSummaries.lastSequence, lateUsage: usageSummaries.lateUsage })
    .from(usageSummaries)
    .where(
      and(
        eq(usageSummaries.customerId, customerId),
        eq(usageSummaries.periodStart, new Date(periodStartMs)),
      ),
    );
  return row
    ? { lastSequence: row.lastSequence, lateUsage: (row.lateUsage ?? []) as LateUsage[] }
    : null;
}

/** Late counters of finalized periods that this period's summary reported (for adjustments). */
export async function loadUsageSummaryLateUsage(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<LateUsage[]> {
  const [row] = await db
    .select({ lateUsage: usageSummaries.lateUsage })
    .from(usageSummaries)
    .where(
      and(
        eq(usageSummaries.customerId, customerId),
        eq(usageSummaries.periodStart, new Date(periodStartMs)),
      ),
    );
  return (row?.lateUsage ?? []) as LateUsage[];
}

/**
 * The summaries of periods after `periodStartMs` that reported late usage of it, oldest
 * first, each with the status of its own period's invoice (null without one).
 */
export async function loadLateUsageReportedAfter(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<ReportedLateUsage[]> {
  const rows = await db
    .select({
      periodStart: usageSummaries.periodStart,
      lateUsage: usageSummaries.lateUsage,
      invoiceStatus: invoices.status,
    })
    .from(usageSummaries)
    .leftJoin(
      invoices,
      and(
        eq(invoices.customerId, usageSummaries.customerId),
        eq(invoices.periodStart, usageSummaries.periodStart),
      ),
    )
    .where(
      and(
        eq(usageSummaries.customerId, customerId),
        gt(usageSummaries.periodStart, new Date(periodStartMs)),
        sql`${usageSummaries.lateUsage} @> ${JSON.stringify([{ periodStartMs }])}::jsonb`,
      ),
    )
    .orderBy(asc(usageSummaries.periodStart));
  return rows.map((row) => ({
    reportedInPeriodStartMs: row.periodStart.getTime(),
    invoiceStatus: row.invoiceStatus,
    lateUsage: row.lateUsage as LateUsage[],
  }));
}
