import { z } from 'zod';
import { displayedStatus, remaining, type StoredInvoice } from '../../domain/invoice';
import { TAX_CATEGORIES } from '../../domain/invoice/tax-categories';
import { planIdOfLine } from '../../domain/invoice/plan-line-id';
import { projectOfLine, projectSections } from '../../domain/projects/sections';
import type { InvoiceProjectContext } from '../../services/invoice-projects';
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
    z.strictObject({
      resourceId: z.string(),
      quantity: amountSchema,
      preciseAmount: amountSchema,
      projectId: z.string().optional(),
    }),
  ),
  /** The project whose section the line is in; null: the account itself. */
  projectId: z.string().nullable(),
  /**
   * The plan that priced the line: a period with a mid-period plan change has lines of each
   * plan (ids suffixed `@<planId>`); otherwise the invoice's plan.
   */
  planId: z.string(),
});

/** One section of a central invoice: the subtotals of all sections sum to `subtotal`. */
const projectSectionSchema = z.strictObject({
  projectId: z.string().nullable().meta({ description: "null: the account's own lines" }),
  name: z.string().nullable(),
  subtotal: amountSchema,
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
      /**
       * A negative restatement line only: the part that did not fit on this invoice, added
       * to the credit balance when it is finalized (the line's amount is what stayed).
       */
      carriedToCredit: amountSchema.optional(),
    }),
  ),
  lines: z.array(ratedLineSchema),
  /**
   * The invoice by project (the account's own lines: projectId null), in order; the
   * subtotals sum exactly to `subtotal`. A project key sees its own section only.
   */
  projects: z.array(projectSectionSchema),
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

/**
 * The invoice as the API shows it at `nowMs` (an unpaid one past its due date is overdue),
 * in project sections named from `context.projects`. A project key (`context.scope`) sees
 * its own section only: its lines and their totals; the document's totals stay the
 * account's (services/invoice-projects.ts).
 */
export function invoiceView(
  stored: StoredInvoice,
  nowMs: number,
  context: InvoiceProjectContext = { projects: [], scope: null },
) {
  const { periodStartMs, periodEndMs, finalizedAtMs, dueAtMs, ...whole } = stored;
  const sections = projectSections(whole.lines, context.projects, whole.currency);
  const visible = (projectId: string | null) =>
    context.scope === null || projectId === context.scope;
  const lines = whole.lines
    .map((line) => ({
      ...line,
      projectId: projectOfLine(line),
      planId: planIdOfLine(line.lineId, whole.planId),
    }))
    .filter((line) => visible(line.projectId));
  const shown = new Set(lines.map((line) => line.lineId));
  const invoice = {
    ...whole,
    lines,
    lineTotals: whole.lineTotals.filter((line) => shown.has(line.lineId)),
    discounts: whole.discounts.map((discount) => ({
      ...discount,
      allocations: discount.allocations.filter((allocation) => shown.has(allocation.lineId)),
    })),
    unmatchedUsage: context.scope === null ? whole.unmatchedUsage : [],
    projects: sections
      .filter((section) => visible(section.projectId))
      .map(({ projectId, name, subtotal }) => ({ projectId, name, subtotal })),
  };
  return {
    ...invoice,
    status: displayedStatus(invoice.status, dueAtMs, nowMs),
    amountRemaining: remaining(stored),
    period: { start: toIso(periodStartMs), end: toIso(periodEndMs) },
    finalizedAt: finalizedAtMs === null ? null : toIso(finalizedAtMs),
    dueAt: dueAtMs === null ? null : toIso(dueAtMs),
  };
}
