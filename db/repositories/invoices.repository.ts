import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type {
  DraftInvoice,
  InvoiceHeader,
  InvoiceStatus,
  StoredInvoice,
} from '../../domain/invoice';
import type { Database, Transaction } from '../client';
import { afterKey } from '../keyset';
import { invoiceLines, invoices } from '../schema';

export type { StoredInvoice } from '../../domain/invoice';

type Executor = Database | Transaction;

const LINE_CHUNK = 500;

/**
 * Writes the draft of a customer's period: created at the period end, replaced while it is
 * a draft (late usage in the grace period), never touched once finalized. Returns false
 * when the invoice was already final.
 */
export async function saveDraftInvoice(db: Database, draft: DraftInvoice): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ status: invoices.status })
      .from(invoices)
      .where(eq(invoices.id, draft.invoiceId))
      .for('update');
    if (existing && existing.status !== 'draft') return false;
    const values = {
      periodEnd: new Date(draft.period.endMs),
      planId: draft.planId,
      currency: draft.currency,
      subtotal: draft.totals.subtotal,
      discounts: draft.totals.discounts,
      totalDiscount: draft.totals.totalDiscount,
      totalExcludingTax: draft.totals.totalExcludingTax,
      totalTax: draft.totals.totalTax,
      total: draft.totals.total,
      creditsApplied: draft.totals.creditsApplied,
      amountDue: draft.totals.amountDue,
      taxes: draft.totals.taxes,
      lineTotals: draft.totals.lines,
      unmatchedUsage: draft.unmatched,
    };
    if (existing) {
      await tx.update(invoices).set(values).where(eq(invoices.id, draft.invoiceId));
      await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, draft.invoiceId));
    } else {
      await tx.insert(invoices).values({
        id: draft.invoiceId,
        customerId: draft.customerId,
        periodStart: new Date(draft.period.startMs),
        status: 'draft',
        ...values,
      });
    }
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

/** The invoice row, locked FOR UPDATE until the transaction ends; null for an unknown id. */
export async function lockInvoice(tx: Transaction, id: string): Promise<InvoiceHeader | null> {
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
  return row ? toHeader(row) : null;
}

/**
 * Stores what finalization fixed: status, number, dates, credits applied and amount due.
 * Returns the row as stored (null for an unknown id).
 */
export async function saveFinalization(
  tx: Transaction,
  invoiceId: string,
  finalized: {
    status: InvoiceStatus;
    number: string;
    finalizedAtMs: number;
    dueAtMs: number;
    creditsApplied: string;
    amountDue: string;
  },
): Promise<InvoiceHeader | null> {
  const [row] = await tx
    .update(invoices)
    .set({
      status: finalized.status,
      number: finalized.number,
      finalizedAt: new Date(finalized.finalizedAtMs),
      dueAt: new Date(finalized.dueAtMs),
      creditsApplied: finalized.creditsApplied,
      amountDue: finalized.amountDue,
    })
    .where(eq(invoices.id, invoiceId))
    .returning();
  return row ? toHeader(row) : null;
}

/** Stores a settled state: status, amount paid, amount credited (each optional). */
export async function saveInvoiceState(
  tx: Transaction,
  invoiceId: string,
  state: { status?: InvoiceStatus; amountPaid?: string; amountCredited?: string },
): Promise<void> {
  await tx.update(invoices).set(state).where(eq(invoices.id, invoiceId));
}

type InvoiceRow = typeof invoices.$inferSelect;

type LineRow = typeof invoiceLines.$inferSelect;

function toHeader(row: InvoiceRow): InvoiceHeader {
  return {
    id: row.id,
    customerId: row.customerId,
    periodStartMs: row.periodStart.getTime(),
    periodEndMs: row.periodEnd.getTime(),
    planId: row.planId,
    currency: row.currency,
    status: row.status,
    number: row.number,
    finalizedAtMs: row.finalizedAt?.getTime() ?? null,
    dueAtMs: row.dueAt?.getTime() ?? null,
    subtotal: row.subtotal,
    discounts: row.discounts,
    totalDiscount: row.totalDiscount,
    totalExcludingTax: row.totalExcludingTax,
    totalTax: row.totalTax,
    total: row.total,
    creditsApplied: row.creditsApplied,
    amountDue: row.amountDue,
    amountPaid: row.amountPaid,
    amountCredited: row.amountCredited,
    taxes: row.taxes,
    lineTotals: row.lineTotals,
    unmatchedUsage: row.unmatchedUsage,
  };
}

function toStoredInvoice(row: InvoiceRow, lines: LineRow[]): StoredInvoice {
  return {
    ...toHeader(row),
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

/** The invoices with their lines: one query for all the lines, not one per invoice. */
async function withLines(db: Executor, rows: InvoiceRow[]): Promise<StoredInvoice[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(
      inArray(
        invoiceLines.invoiceId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
  const byInvoice = new Map<string, LineRow[]>();
  for (const line of lines) {
    const list = byInvoice.get(line.invoiceId) ?? [];
    list.push(line);
    byInvoice.set(line.invoiceId, list);
  }
  return rows.map((row) => toStoredInvoice(row, byInvoice.get(row.id) ?? []));
}

/** The invoice row without its lines (status, number, dates, totals); null for an unknown id. */
export async function loadInvoiceHeader(db: Executor, id: string): Promise<InvoiceHeader | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row ? toHeader(row) : null;
}

export async function loadInvoice(db: Executor, id: string): Promise<StoredInvoice | null> {
  const rows = await db.select().from(invoices).where(eq(invoices.id, id));
  const [invoice] = await withLines(db, rows);
  return invoice ?? null;
}

export async function loadCustomerInvoices(
  db: Executor,
  customerId: string,
): Promise<StoredInvoice[]> {
  const rows = await db
    .select()
    .from(invoices)
    .where(eq(invoices.customerId, customerId))
    .orderBy(asc(invoices.periodStart));
  return withLines(db, rows);
}

/**
 * Up to `take` of a customer's invoices in (period start, id) order, after the key
 * `[periodStartMs, id]` when given (keyset pagination: services/list-customer-invoices.ts).
 */
export async function loadCustomerInvoicesAfter(
  db: Executor,
  customerId: string,
  page: { take: number; after?: readonly [number, string] },
): Promise<StoredInvoice[]> {
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.customerId, customerId),
        page.after
          ? afterKey([invoices.periodStart, invoices.id], [new Date(page.after[0]), page.after[1]])
          : undefined,
      ),
    )
    .orderBy(asc(invoices.periodStart), asc(invoices.id))
    .limit(page.take);
  return withLines(db, rows);
}

/** Ids of the invoices finalized in [fromMs, toMs), in number order (for exports). */
export async function loadInvoiceIdsFinalizedBetween(
  db: Database,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(gte(invoices.finalizedAt, new Date(fromMs)), lt(invoices.finalizedAt, new Date(toMs))),
    )
    .orderBy(asc(invoices.number));
  return rows.map((row) => row.id);
}
