/** @jsxRuntime automatic */
// The pragma keeps the automatic runtime under @swc/jest too, whose default is classic.
import type { TotalRow } from '../domain/documents/view-model';

const ROW_CLASS: Record<TotalRow['emphasis'], string | undefined> = {
  none: undefined,
  total: 'total',
  due: 'due',
};

/** Subtotal, discounts, taxes per rate, total, credits and amount due, as the model orders them. */
export function InvoiceTotalsTable({ rows }: { rows: TotalRow[] }) {
  return (
    <table className="totals">
      <tbody>
        {rows.map((row, index) => (
          <tr className={ROW_CLASS[row.emphasis]} key={`${String(index)}:${row.label}`}>
            <td>{row.label}</td>
            <td className="amount">{row.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
