import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import {
  computeCreditsApplied,
  creditConsumptionEntry,
  dueDateMs,
  type AppliedDiscount,
  type DraftInvoice,
  type InvoiceLineTotals,
  type InvoiceStatus,
  type TaxBreakdown,
} from '../../domain/invoice';
import { Decimal } from '../../domain/decimal';
import { formatAmount } from '../../domain/money';
import type { RatedLine } from '../../domain/rating/rated-line';
import type { Database, Transaction } from '../client';
import { customers, invoiceLines, invoices, invoiceSequences } from '../schema';
import { recordBillingEvent } from './billing-events.repository';
import { recordCouponPeriods } from './coupons.repository';
import { loadCreditBalance, saveCreditEntry } from './credits.repository';

/** An invoice as stored: its totals and its lines, amounts as decimal strings. */
export interface StoredInvoice {
  id: string;
  customerId: string;
  periodStartMs: number;
  periodEndMs: number;
  planId: string;
  currency: string;
  status: InvoiceStatus;
  number: string | null;
  finalizedAtMs: number | null;
  dueAtMs: number | null;
  subtotal: string;
  discounts: AppliedDiscount[];
  totalDiscount: string;
  totalExcludingTax: string;
  totalTax: string;
  total: string;
  creditsApplied: string;
  amountDue: string;
  amountPaid: string;
  amountCredited: string;
  taxes: TaxBreakdown[];
  lineTotals: InvoiceLineTotals[];
  lines: RatedLine[];
  unmatchedUsage: DraftInvoice['unmatched'];
}

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

export interface Finalization {
  /** Numbers restart per sequence key, e.g. one per issuer and year. */
  sequenceKey: string;
  /** Formats the n-th number of the sequence: 42 -> "INV-2026-000042". */
  format: (n: number) => string;
  finalizedAtMs: number;
}

/**
 * Finalizes a draft in one transaction: takes the next number of its sequence under the
 * sequence row's lock (gapless, each used once), fixes the credits it consumes under the
 * customer row's lock (two invoices never spend the same balance), counts a period for its
 * coupons, sets the due date from the customer's payment terms and records
 * invoice.finalized in the outbox. An invoice with nothing due is paid at once. Finalizing
 * a final invoice again changes nothing. Returns null for an unknown id.
 */
export async function finalizeInvoice(
  db: Database,
  invoiceId: string,
  finalization: Finalization,
): Promise<StoredInvoice | null> {
  const finalized = await db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, invoiceId))
      .for('update');
    if (!invoice) return false;
    if (invoice.status !== 'draft') return true;
    const [customer] = await tx
      .select({ paymentTermsDays: customers.paymentTermsDays })
      .from(customers)
      .where(eq(customers.id, invoice.customerId))
      .for('update');
    const balance = await loadCreditBalance(tx, invoice.customerId, invoice.currency);
    const total = new Decimal(invoice.total);
    const applied = computeCreditsApplied(new Decimal(balance), total);
    const consumption = creditConsumptionEntry(invoiceId, applied, invoice.currency);
    if (consumption) {
      await saveCreditEntry(tx, invoice.customerId, {
        ...consumption,
        currency: invoice.currency,
        description: `Applied to invoice ${invoiceId}`,
      });
    }
    const credits = {
      creditsApplied: formatAmount(applied, invoice.currency),
      amountDue: formatAmount(total.minus(applied), invoice.currency),
    };
    await recordCouponPeriods(
      tx,
      invoice.customerId,
      invoice.discounts.map((discount) => discount.couponId),
    );
    const number = finalization.format(await nextInSequence(tx, finalization.sequenceKey));
    const paid = new Decimal(credits.amountDue).isZero();
    await tx
      .update(invoices)
      .set({
        status: paid ? 'paid' : 'open',
        number,
        finalizedAt: new Date(finalization.finalizedAtMs),
        dueAt: new Date(dueDateMs(finalization.finalizedAtMs, customer?.paymentTermsDays)),
        creditsApplied: credits.creditsApplied,
        amountDue: credits.amountDue,
      })
      .where(eq(invoices.id, invoiceId));
    const event = {
      customerId: invoice.customerId,
      subjectId: invoiceId,
      payload: { invoiceId, number, amountDue: credits.amountDue, currency: invoice.currency },
      occurredAtMs: finalization.finalizedAtMs,
    };
    await recordBillingEvent(tx, { ...event, type: 'invoice.finalized' });
    if (paid) await recordBillingEvent(tx, { ...event, type: 'invoice.paid' });
    return true;
  });
  return finalized ? loadInvoice(db, invoiceId) : null;
}

/** The next number of a sequence, taken under its row lock until the transaction ends. */
export async function nextInSequence(tx: Transaction, key: string): Promise<number> {
  const [counter] = await tx
    .insert(invoiceSequences)
    .values({ key, last: 1 })
    .onConflictDoUpdate({
      target: invoiceSequences.key,
      set: { last: sql`${invoiceSequences.last} + 1` },
    })
    .returning({ last: invoiceSequences.last });
  return counter?.last ?? 1;
}

type InvoiceRow = typeof invoices.$inferSelect;

type LineRow = typeof invoiceLines.$inferSelect;

function toStoredInvoice(row: InvoiceRow, lines: LineRow[]): StoredInvoice {
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
async function withLines(db: Database, rows: InvoiceRow[]): Promise<StoredInvoice[]> {
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

export async function loadInvoice(db: Database, id: string): Promise<StoredInvoice | null> {
  const rows = await db.select().from(invoices).where(eq(invoices.id, id));
  const [invoice] = await withLines(db, rows);
  return invoice ?? null;
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
