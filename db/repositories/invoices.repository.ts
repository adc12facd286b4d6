import { asc, eq } from 'drizzle-orm';
import type { DraftInvoice } from '../../domain/invoice';
import type { RatedLine } from '../../domain/rating/rated-line';
import type { Database } from '../client';
import { invoiceLines, invoices } from '../schema';

/** An invoice as stored: its totals and its lines, amounts as decimal strings. */
export interface StoredInvoice {
  id: string;
  customerId: string;
  periodStartMs: number;
  periodEndMs: number;
  planId: string;
  currency: string;
  status: 'draft';
  subtotal: string;
  totalTax: string;
  total: string;
  amountDue: string;
  lines: RatedLine[];
  unmatchedUsage: DraftInvoice['unmatched'];
}

const LINE_CHUNK = 500;

/** Saves a draft once per customer and period; a retried activity finds it and does nothing. */
export async function saveDraftInvoice(db: Database, draft: DraftInvoice): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(invoices)
      .values({
        id: draft.invoiceId,
        customerId: draft.customerId,
        periodStart: new Date(draft.period.startMs),
        periodEnd: new Date(draft.period.endMs),
        planId: draft.planId,
        currency: draft.currency,
        status: 'draft',
        subtotal: draft.totals.subtotal,
        totalTax: draft.totals.totalTax,
        total: draft.totals.total,
        amountDue: draft.totals.amountDue,
        unmatchedUsage: draft.unmatched,
      })
      .onConflictDoNothing()
      .returning({ id: invoices.id });
    if (inserted.length === 0) return false;
    const rows = draft.lines.map((line, position) => ({
      invoiceId: draft.invoiceId,
      lineId: line.lineId,
      position,
      priceId: line.priceId,
      meter: line.meter,
      dimensions: line.dimensions,
      quantity: line.quantity,
      unit: line.unit,
      unitPrice: line.unitPrice,
      preciseAmount: line.preciseAmount,
      amount: line.amount,
      subLines: line.subLines,
    }));
    for (let i = 0; i < rows.length; i += LINE_CHUNK) {
      await tx.insert(invoiceLines).values(rows.slice(i, i + LINE_CHUNK));
    }
    return true;
  });
}

type InvoiceRow = typeof invoices.$inferSelect;

async function withLines(db: Database, row: InvoiceRow): Promise<StoredInvoice> {
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, row.id))
    .orderBy(asc(invoiceLines.position));
  return {
    id: row.id,
    customerId: row.customerId,
    periodStartMs: row.periodStart.getTime(),
    periodEndMs: row.periodEnd.getTime(),
    planId: row.planId,
    currency: row.currency,
    status: row.status,
    subtotal: row.subtotal,
    totalTax: row.totalTax,
    total: row.total,
    amountDue: row.amountDue,
    unmatchedUsage: row.unmatchedUsage,
    lines: lines.map((line) => ({
      lineId: line.lineId,
      priceId: line.priceId,
      meter: line.meter,
      dimensions: line.dimensions,
      quantity: line.quantity,
      unit: line.unit,
      unitPrice: line.unitPrice,
      preciseAmount: line.preciseAmount,
      amount: line.amount,
      subLines: line.subLines,
    })),
  };
}

export async function loadInvoice(db: Database, id: string): Promise<StoredInvoice | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row ? withLines(db, row) : null;
}

export async function loadCustomerInvoices(
  db: Database,
  customerId: string,
): Promise<StoredInvoice[]> {
  const rows = await db
    .select()
    .from(invoices)
    .where(eq(invoices.customerId, customerId))
    .orderBy(asc(invoices.periodStart));
  return Promise.all(rows.map((row) => withLines(db, row)));
}
