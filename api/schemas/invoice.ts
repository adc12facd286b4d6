import { z } from 'zod';
import { displayedStatus, remaining, type StoredInvoice } from '../../domain/invoice';
import { TAX_CATEGORIES } from '../../domain/invoice/tax-categories';
import { toIso } from '../../domain/time';
import { nextCursorSchema } from '../contract/pagination';

/**
 * A decimal string as the engine writes it (never a JSON number). Signed: an adjustment line
 * can take back what a finalized period over-charged.
 */
export const amountSchema = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d+)?$/)
  .meta({ description: 'A decimal string, e.g. "12.30"; money has exactly the currency decimals' });

const instant = z.iso.datetime();
const dimensions = z.record(z.string(), z.string());

export const taxBreakdownSchema = z.strictObject({
  taxRateId: z.string(),
  name: z.string(),
  percentage: amountSchema,
  inclusive: z.boolean(),
  taxableAmount: amountSchema,
  taxAmount: amountSchema,
  /** The rate's tax category (absent only on invoices drafted before categories: standard). */
  category: z.enum(TAX_CATEGORIES).optional(),
  /** EN 16931 BT-120, for exempt and reverse_charge only. */
  exemptionReason: z.string().optional(),
});

const ratedLineSchema = z.strictObject({
  lineId: z.string(),
  priceId: z.string(),
  meter: z.string(),
  dimensions,
  quantity: amountSchema,
  unit: z.string(),
  unitPrice: amountSchema,
  preciseAmount: amountSchema,
  amount: amountSchema,
  subLines: z.array(
    z.strictObject({ resourceId: z.string(), quantity: amountSchema, preciseAmount: amountSchema }),
  ),
});

const usageGroupSchema = z.strictObject({
  resourceId: z.string(),
  meter: z.string(),
  dimensions,
  seconds: amountSchema,
  quantitySeconds: amountSchema,
  quantity: amountSchema,
  runs: z.array(
    z.strictObject({
      durationMs: z.number().int(),
      quantity: amountSchema,
      priorMs: z.number().int().optional(),
    }),
  ),
});

const invoiceShape = {
  id: z.string(),
  customerId: z.string(),
  period: z.strictObject({ start: instant, end: instant }),
  planId: z.string(),
  currency: z.string(),
  /** `overdue`: open or partly paid past its due date (a reading, not a stored status). */
  status: z.enum(['draft', 'open', 'partially_paid', 'paid', 'void', 'overdue']),
  number: z.string().nullable(),
  finalizedAt: instant.nullable(),
  dueAt: instant.nullable(),
  subtotal: amountSchema,
  discounts: z.array(
    z.strictObject({
      couponId: z.string(),
      amount: amountSchema,
      allocations: z.array(z.strictObject({ lineId: z.string(), amount: amountSchema })),
    }),
  ),
  totalDiscount: amountSchema,
  totalExcludingTax: amountSchema,
  totalTax: amountSchema,
  total: amountSchema,
  creditsApplied: amountSchema,
  amountDue: amountSchema,
  amountPaid: amountSchema,
  amountCredited: amountSchema,
  /** amountDue - amountCredited - amountPaid: what payments can still settle. */
  amountRemaining: amountSchema,
  taxes: z.array(taxBreakdownSchema),
  lineTotals: z.array(
    z.strictObject({
      lineId: z.string(),
      amount: amountSchema,
      discountAmount: amountSchema,
      netAmount: amountSchema,
      taxRateIds: z.array(z.string()),
    }),
  ),
  lines: z.array(ratedLineSchema),
  /** Usage no price of the plan matched: reported, not charged. */
  unmatchedUsage: z.array(usageGroupSchema),
};

/** An invoice as the API answers it: instants as RFC 3339, money as decimal strings. */
export const invoiceSchema = z.strictObject(invoiceShape).meta({ id: 'Invoice' });

export const invoiceWithDeliverySchema = z
  .strictObject({
    ...invoiceShape,
    delivery: z.strictObject({
      /** The invoice email's outcome; null before any attempt (or without a mailer). */
      email: z
        .strictObject({
          status: z.enum(['sent', 'delivery_failed']),
          recipient: z.string(),
          messageId: z.string().nullable(),
          reason: z.string().nullable(),
        })
        .nullable(),
    }),
  })
  .meta({ id: 'InvoiceWithDelivery' });

export const invoiceListSchema = z.strictObject({
  invoices: z.array(invoiceSchema),
  nextCursor: nextCursorSchema,
});

/** The invoice as the API shows it at `nowMs` (an unpaid one past its due date is overdue). */
export function invoiceView(stored: StoredInvoice, nowMs: number) {
  const { periodStartMs, periodEndMs, finalizedAtMs, dueAtMs, ...invoice } = stored;
  return {
    ...invoice,
    status: displayedStatus(invoice.status, dueAtMs, nowMs),
    amountRemaining: remaining(stored),
    period: { start: toIso(periodStartMs), end: toIso(periodEndMs) },
    finalizedAt: finalizedAtMs === null ? null : toIso(finalizedAtMs),
    dueAt: dueAtMs === null ? null : toIso(dueAtMs),
  };
}
