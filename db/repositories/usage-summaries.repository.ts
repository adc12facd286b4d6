import { and, asc, eq } from 'drizzle-orm';
import type { RunShare, UsageReport } from '../../domain/metering/usage-report';
import { dimensionsKey } from '../../domain/metering/dimensions';
import type { Database } from '../client';
import { usageSummaries, usageSummaryLines } from '../schema';

export interface UsageSummary {
  customerId: string;
  lastSequence: number;
  report: UsageReport;
}

const LINE_CHUNK = 1000;

/**
 * Writes the summary of a closed period once: the (customer, period start) key makes a
 * retried or replayed close a no-op. Returns false when it was already there.
 */
export async function saveUsageSummary(db: Database, summary: UsageSummary): Promise<boolean> {
  const { customerId, report } = summary;
  const periodStart = new Date(report.period.startMs);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(usageSummaries)
      .values({
        customerId,
        periodStart,
        periodEnd: new Date(report.period.endMs),
        lastSequence: summary.lastSequence,
        lateUsage: report.lateUsage,
        anomalies: report.anomalies,
      })
      .onConflictDoNothing()
      .returning({ customerId: usageSummaries.customerId });
    if (inserted.length === 0) return false;
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
    ({ resourceId, meter, dimensions, seconds, quantitySeconds, quantity, runs, runShares }) => ({
      resourceId,
      meter,
      dimensions,
      seconds,
      quantitySeconds,
      quantity,
      runs,
      runShares,
    }),
  );
}
