import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { sumDecimals } from '../money';
import { money, parseAmount } from './amounts';
import { computeTaxes } from './taxes';
import type { InvoiceLineTotals, TaxBreakdown, TaxRate } from './types';
import type { InvoiceStatus } from './payments';

/** One credited line: part (or all) of the invoice line's net amount, in its tax basis. */
export interface CreditNoteLine {
  lineId: string;
  amount: string;
}

/** What a credit note needs to know about the invoice it credits. */
export interface CreditableInvoice {
  currency: string;
  status: InvoiceStatus;
  lineTotals: readonly InvoiceLineTotals[];
  taxes: readonly TaxBreakdown[];
  totalTax: string;
  total: string;
  amountDue: string;
  amountPaid: string;
  amountCredited: string;
  /** The credit notes already issued against this invoice. */
  previous: readonly { lines: readonly CreditNoteLine[]; taxes: readonly TaxBreakdown[] }[];
}

export interface CreditNoteAmounts {
  lines: CreditNoteLine[];
  taxes: TaxBreakdown[];
  /** Sum of credited line amounts (gross for lines with an inclusive rate). */
  subtotal: string;
  totalTax: string;
  total: string;
  /** Taken off what the invoice still has to be paid. */
  appliedToInvoice: string;
  /** The rest (the invoice was already paid, by money or credits): granted as credit. */
  creditedToBalance: string;
}

function creditedSoFar(invoice: CreditableInvoice): Map<string, Decimal> {
  const credited = new Map<string, Decimal>();
  for (const note of invoice.previous) {
    for (const line of note.lines) {
      credited.set(line.lineId, (credited.get(line.lineId) ?? new Decimal(0)).plus(line.amount));
    }
  }
  return credited;
}

function invalid(field: string, message: string): BillingError {
  return new BillingError('invalid_request', message, { details: [{ field, message }] });
}

/**
 * A credit note's amounts. Without `lines` it credits everything not yet credited (a full
 * credit note); with lines, each amount must be positive and at most what remains of that
 * line's net amount. Taxes follow the invoice's rule: per rate on the sum of the credited
 * amounts, rounded once. The note that credits the last remainder of every line takes the
 * invoice's tax minus the earlier notes' tax per rate, so all notes together never credit a
 * cent more (or less) than the invoice charged.
 */
export function computeCreditNote(
  invoice: CreditableInvoice,
  requested: readonly CreditNoteLine[] | undefined,
): CreditNoteAmounts {
  const { currency } = invoice;
  if (invoice.status === 'draft' || invoice.status === 'void') {
    throw new BillingError(
      'invalid_invoice_state',
      `a ${invoice.status} invoice takes no credit notes`,
    );
  }
  const credited = creditedSoFar(invoice);
  const remainingOf = (line: InvoiceLineTotals): Decimal =>
    new Decimal(line.netAmount).minus(credited.get(line.lineId) ?? 0);
  const byId = new Map(invoice.lineTotals.map((line) => [line.lineId, line]));

  const lines: CreditNoteLine[] =
    requested === undefined
      ? invoice.lineTotals
          .filter((line) => remainingOf(line).gt(0))
          .map((line) => ({ lineId: line.lineId, amount: money(remainingOf(line), currency) }))
      : requested.map((line, index) => {
          const original = byId.get(line.lineId);
          if (!original) throw invalid(`lines[${index}].lineId`, 'is not a line of this invoice');
          const amount = parseAmount(line.amount, currency, `lines[${index}].amount`);
          if (amount.lte(0) || amount.gt(remainingOf(original))) {
            throw invalid(
              `lines[${index}].amount`,
              `must be positive and at most ${money(remainingOf(original), currency)}`,
            );
          }
          return { lineId: line.lineId, amount: money(amount, currency) };
        });
  if (lines.length === 0) throw invalid('lines', 'nothing is left to credit on this invoice');
  if (new Set(lines.map((line) => line.lineId)).size !== lines.length) {
    throw invalid('lines', 'a line may appear once');
  }

  const catalog = new Map<string, TaxRate>(
    invoice.taxes.map((tax) => [
      tax.taxRateId,
      {
        id: tax.taxRateId,
        name: tax.name,
        percentage: tax.percentage,
        inclusive: tax.inclusive,
        ...(tax.category === undefined ? {} : { category: tax.category }),
      },
    ]),
  );
  const ratesOf = (lineId: string): TaxRate[] =>
    (byId.get(lineId)?.taxRateIds ?? []).flatMap((id) => catalog.get(id) ?? []);
  const completes = invoice.lineTotals.every((line) => {
    const now = lines.find((credit) => credit.lineId === line.lineId)?.amount ?? '0';
    return remainingOf(line).minus(now).isZero();
  });
  const taxes = completes
    ? remainderTaxes(invoice)
    : computeTaxes(
        lines.map((line) => ({ netAmount: new Decimal(line.amount), rates: ratesOf(line.lineId) })),
        catalog,
        currency,
      ).breakdown;

  const subtotal = sumDecimals(lines.map((line) => new Decimal(line.amount)));
  const inclusiveTax = sumDecimals(
    taxes.filter((t) => t.inclusive).map((t) => new Decimal(t.taxAmount)),
  );
  const totalTax = sumDecimals(taxes.map((tax) => new Decimal(tax.taxAmount)));
  const total = subtotal.minus(inclusiveTax).plus(totalTax);
  const outstanding = Decimal.max(
    new Decimal(invoice.amountDue).minus(invoice.amountPaid).minus(invoice.amountCredited),
    0,
  );
  const appliedToInvoice = Decimal.min(total, outstanding);
  return {
    lines,
    taxes,
    subtotal: money(subtotal, currency),
    totalTax: money(totalTax, currency),
    total: money(total, currency),
    appliedToInvoice: money(appliedToInvoice, currency),
    creditedToBalance: money(total.minus(appliedToInvoice), currency),
  };
}

/** The invoice's tax per rate minus what earlier credit notes credited of it. */
function remainderTaxes(invoice: CreditableInvoice): TaxBreakdown[] {
  return invoice.taxes.map((tax) => {
    const earlier = invoice.previous.flatMap((note) =>
      note.taxes.filter((t) => t.taxRateId === tax.taxRateId),
    );
    const minus = (field: 'taxableAmount' | 'taxAmount'): string =>
      money(
        new Decimal(tax[field]).minus(sumDecimals(earlier.map((t) => new Decimal(t[field])))),
        invoice.currency,
      );
    return { ...tax, taxableAmount: minus('taxableAmount'), taxAmount: minus('taxAmount') };
  });
}
