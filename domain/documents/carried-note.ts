import { Decimal } from '../decimal';

/**
 * What a negative restatement line says when part of it did not fit on its invoice
 * (domain/invoice/carry-to-credit.ts): the line shows what stayed, its sub-lines the whole
 * restatement, and this note joins the two. `amount` formats in the document's currency.
 *
 * Example: line -1.00, 0.60 carried -> "Restated -€1.60, of which €0.60 is added to your
 * credit balance".
 */
export function carriedToCreditNote(
  lineAmount: string,
  carried: string,
  amount: (value: string) => string,
): string {
  const restated = new Decimal(lineAmount).minus(carried).toFixed();
  return `Restated ${amount(restated)}, of which ${amount(carried)} is added to your credit balance`;
}

/** The lines that carried something to credit (lineId -> amount), from an invoice's line totals. */
export function carriedByLine(
  lineTotals: readonly { lineId: string; carriedToCredit?: string }[],
): Record<string, string> {
  return Object.fromEntries(
    lineTotals.flatMap((line) =>
      line.carriedToCredit === undefined || new Decimal(line.carriedToCredit).isZero()
        ? []
        : [[line.lineId, line.carriedToCredit] as const],
    ),
  );
}

/** The credit an invoice's lines carried, summed; null when none did. */
export function carriedToCreditTotal(carried: readonly string[]): string | null {
  if (carried.length === 0) return null;
  return carried.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed();
}
