import { Decimal } from '../decimal';
import { EXEMPTION_REASONS } from '../invoice/tax-categories';
import type { TaxBreakdown } from '../invoice/types';
import type { ProjectSection } from '../projects/sections';
import type { RatedLine } from '../rating/rated-line';
import { carriedToCreditNote, carriedToCreditTotal } from './carried-note';
import { createDocumentDateFormat } from './date-format';
import type { InvoiceDocument } from './invoice-document';
import { describeLine } from './line-description';
import { createDocumentNumberFormat, type DocumentNumberFormat } from './number-format';
import {
  toPartyView,
  toPaymentView,
  type LabelledValue,
  type PartyView,
  type PaymentView,
} from './party-view';

export type { LabelledValue, PartyView, PaymentView } from './party-view';

/** One resource's share of a line, formatted. */
export interface SubLineView {
  resourceId: string;
  quantity: string;
  amount: string;
}

export interface LineView {
  lineId: string;
  /** "vm.cpu · size=s-2vcpu", "Adjustment (late usage): vm.cpu · size=s-2vcpu". */
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  /** In the order the document gives them. */
  subLines: SubLineView[];
  /** "… and 1,995 more resources" when `maxSubLinesPerLine` cut the list, else null. */
  omittedSubLines: string | null;
  /**
   * A negative restatement that did not fit on the invoice: "Restated -€1.60, of which €0.60
   * is added to your credit balance", so that the line and its sub-lines read together.
   */
  carriedNote: string | null;
}

/** One project's section of a central invoice: a heading, its lines and its subtotal. */
export interface SectionView {
  /** "Project Web shop (web)", or "Account" for the account's own lines. */
  title: string;
  /** "Team Storefront · Cost center CC-4711 · PO 4500012345", or null. */
  details: string | null;
  /** "Subtotal Web shop". */
  subtotalLabel: string;
  subtotal: string;
  lines: LineView[];
}

export interface TotalRow {
  label: string;
  amount: string;
  /** total: the document total; due: the figure to pay (or credited), printed boldest. */
  emphasis: 'none' | 'total' | 'due';
}

/**
 * Everything the invoice templates print, as finished strings: templates do no arithmetic
 * and no formatting, so HTML, PDF and email always agree with each other.
 */
export interface InvoiceViewModel {
  kind: InvoiceDocument['kind'];
  /** "Invoice" or "Credit note". */
  title: string;
  number: string;
  issueDate: string;
  /** null for credit notes. */
  dueDate: string | null;
  /** "1 Nov 2026 – 30 Nov 2026". */
  period: string;
  /** "November 2026" for a calendar month, else the same as `period`. */
  periodName: string;
  currency: string;
  locale: string;
  /** Number, dates and, for credit notes, the credited invoice: the document's meta block. */
  meta: LabelledValue[];
  issuer: PartyView;
  customer: PartyView & { id: string };
  precedingInvoiceNumber: string | null;
  reason: string | null;
  lines: LineView[];
  /**
   * A central invoice grouped by project (the lines again, in sections whose subtotals sum
   * to the subtotal); absent when no line has a project: print `lines` as they are.
   */
  sections?: SectionView[];
  /** Subtotal, discounts, taxes per rate, total, credits, amount due: in print order. */
  totalRows: TotalRow[];
  total: string;
  /** "Amount due" or, on a credit note, "Total credited". */
  headlineLabel: string;
  /** The amount due, or the total of a credit note. */
  headlineAmount: string;
  /** null for credit notes and when the issuer gave no instructions. */
  payment: PaymentView | null;
  invoiceUrl: string | null;
  /** Why per-resource amounts may not add up to the line to the cent; null without detail. */
  subLineNote: string | null;
  footer: string;
}

export interface InvoiceViewModelOptions {
  /** Link to the invoice in the customer portal, for the email. */
  invoiceUrl?: string;
  /** Print at most this many resources per line (an email summary); default: all. */
  maxSubLinesPerLine?: number;
}

function toLineView(
  line: RatedLine,
  numbers: DocumentNumberFormat,
  maxSubLines: number,
  carried: string | undefined,
): LineView {
  const shown =
    line.subLines.length > maxSubLines ? line.subLines.slice(0, maxSubLines) : line.subLines;
  const omitted = line.subLines.length - shown.length;
  return {
    lineId: line.lineId,
    description: describeLine(line),
    quantity: numbers.quantity(line.quantity),
    unit: line.unit,
    unitPrice: numbers.unitPrice(line.unitPrice),
    amount: numbers.amount(line.amount),
    subLines: shown.map((sub) => ({
      resourceId: sub.resourceId,
      quantity: numbers.quantity(sub.quantity),
      // Sub-lines keep their unrounded share (the line is rounded once, from their exact
      // sum); printing 20 digits would be unreadable, so each is rounded here for display
      // only, and the shown figures may differ from the line amount by a few minor units.
      amount: numbers.preciseAmount(sub.preciseAmount),
    })),
    omittedSubLines:
      omitted > 0
        ? `… and ${numbers.count(omitted)} more resource${omitted === 1 ? '' : 's'}`
        : null,
    carriedNote:
      carried === undefined
        ? null
        : carriedToCreditNote(line.amount, carried, (value) => numbers.amount(value)),
  };
}

/** The sections of a central invoice, each with its own lines in invoice order. */
function toSectionViews(
  sections: readonly ProjectSection[],
  lines: readonly LineView[],
  numbers: DocumentNumberFormat,
): SectionView[] {
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  return sections.map((section) => {
    const details = [
      section.team === null ? null : `Team ${section.team}`,
      section.costCenter === null ? null : `Cost center ${section.costCenter}`,
      section.purchaseOrderReference === null ? null : `PO ${section.purchaseOrderReference}`,
    ].filter((part): part is string => part !== null);
    const name = section.name ?? 'Account';
    return {
      title: section.projectId === null ? 'Account' : `Project ${name} (${section.projectId})`,
      details: details.length === 0 ? null : details.join(' · '),
      subtotalLabel: `Subtotal ${name}`,
      subtotal: numbers.amount(section.subtotal),
      lines: section.lineIds.flatMap((lineId) => {
        const line = byId.get(lineId);
        return line === undefined ? [] : [line];
      }),
    };
  });
}

/**
 * A tax breakdown row: "VAT 19% on 10.00"; the category is said unless standard:
 * "VAT 7% (reduced rate) on 5.00", "VAT 0% (zero rated) on 4.00", and exempt and reverse
 * charge print their exemption reason (EN 16931 BT-120) instead of a percent:
 * "Reverse charge on 15.04 (Reverse charge: VAT to be accounted for by the recipient)".
 */
function taxRowLabel(tax: TaxBreakdown, numbers: DocumentNumberFormat): string {
  const on = `on ${numbers.amount(tax.taxableAmount)}`;
  const category = tax.category ?? 'standard';
  if (category === 'exempt' || category === 'reverse_charge') {
    const reason = tax.exemptionReason ?? EXEMPTION_REASONS[category] ?? '';
    return `${tax.name} ${on} (${reason})`;
  }
  const name = tax.name.includes('%') ? tax.name : `${tax.name} ${numbers.percent(tax.percentage)}`;
  const kind =
    category === 'reduced' ? ' (reduced rate)' : category === 'zero' ? ' (zero rated)' : '';
  // Inclusive rates are usually named so ("VAT 19% incl."); say it once.
  const included = tax.inclusive && !/incl/i.test(tax.name) ? ' (included in prices)' : '';
  return `${name}${kind} ${on}${included}`;
}

function toTotalRows(doc: InvoiceDocument, numbers: DocumentNumberFormat): TotalRow[] {
  const row = (label: string, amount: string, emphasis: TotalRow['emphasis'] = 'none') => ({
    label,
    amount,
    emphasis,
  });
  const rows: TotalRow[] = [row('Subtotal', numbers.amount(doc.subtotal))];
  for (const discount of doc.discounts) {
    rows.push(row(`Discount (${discount.couponId})`, numbers.deduction(discount.amount)));
  }
  rows.push(row('Total excl. tax', numbers.amount(doc.totalExcludingTax)));
  for (const tax of doc.taxes) {
    rows.push(row(taxRowLabel(tax, numbers), numbers.amount(tax.taxAmount)));
  }
  if (doc.kind === 'credit_note') {
    rows.push(row('Total credited', numbers.amount(doc.total), 'due'));
    return rows;
  }
  rows.push(row('Total', numbers.amount(doc.total), 'total'));
  if (!new Decimal(doc.creditsApplied).isZero()) {
    rows.push(row('Credits applied', numbers.deduction(doc.creditsApplied)));
  }
  rows.push(row('Amount due', numbers.amount(doc.amountDue), 'due'));
  const carried = carriedToCreditTotal(Object.values(doc.carriedToCredit ?? {}));
  if (carried !== null) rows.push(row('Added to your credit balance', numbers.amount(carried)));
  return rows;
}

/** Formats an invoice or credit note for the templates: pure, same input, same strings. */
export function toInvoiceViewModel(
  doc: InvoiceDocument,
  options: InvoiceViewModelOptions = {},
): InvoiceViewModel {
  const numbers = createDocumentNumberFormat(doc.locale, doc.currency);
  const dates = createDocumentDateFormat(doc.locale, doc.timezone);
  const isCreditNote = doc.kind === 'credit_note';
  const title = isCreditNote ? 'Credit note' : 'Invoice';
  const issueDate = dates.date(doc.issuedAtMs);
  const dueDate = isCreditNote || doc.dueAtMs === null ? null : dates.date(doc.dueAtMs);
  const period = dates.period(doc.periodStartMs, doc.periodEndMs);

  const meta: LabelledValue[] = [
    { label: `${title} number`, value: doc.number },
    { label: 'Issue date', value: issueDate },
    { label: 'Billing period', value: period },
  ];
  if (dueDate !== null) meta.push({ label: 'Due date', value: dueDate });
  if (isCreditNote && doc.precedingInvoiceNumber !== null) {
    meta.push({ label: 'Credits invoice', value: doc.precedingInvoiceNumber });
  }
  meta.push({ label: 'Customer ID', value: doc.customer.id });

  const lines = doc.lines.map((line) =>
    toLineView(
      line,
      numbers,
      options.maxSubLinesPerLine ?? Number.POSITIVE_INFINITY,
      doc.carriedToCredit?.[line.lineId],
    ),
  );
  const sections = doc.projects === undefined ? null : toSectionViews(doc.projects, lines, numbers);
  const hasSubLines = lines.some((line) => line.subLines.length > 0);
  const issuer = toPartyView(doc.issuer);

  return {
    kind: doc.kind,
    title,
    number: doc.number,
    issueDate,
    dueDate,
    period,
    periodName: dates.periodName(doc.periodStartMs, doc.periodEndMs),
    currency: doc.currency,
    locale: doc.locale,
    meta,
    issuer,
    customer: { ...toPartyView(doc.customer), id: doc.customer.id },
    precedingInvoiceNumber: doc.precedingInvoiceNumber,
    reason: doc.reason,
    lines: sections === null ? lines : sections.flatMap((section) => section.lines),
    ...(sections === null ? {} : { sections }),
    totalRows: toTotalRows(doc, numbers),
    total: numbers.amount(doc.total),
    headlineLabel: isCreditNote ? 'Total credited' : 'Amount due',
    headlineAmount: numbers.amount(isCreditNote ? doc.total : doc.amountDue),
    payment: isCreditNote ? null : toPaymentView(doc.paymentInstructions, doc.number),
    invoiceUrl: options.invoiceUrl ?? null,
    subLineNote: hasSubLines
      ? 'Per-resource amounts are rounded for display; each line is rounded once from their exact sum.'
      : null,
    footer: [issuer.name, ...issuer.addressLines, issuer.country, issuer.vatId, issuer.email]
      .filter((part): part is string => part !== null && part !== '')
      .join(' · '),
  };
}
