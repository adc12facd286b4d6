import type { CreditNote, Invoice, InvoicePayment } from '../http/types';
import { ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { usePages } from '../use-pages';
import { settlementRows, type SettlementRow } from './settlement';

const KIND_LABELS: Record<SettlementRow['kind'], string> = {
  payment: 'Payment',
  prepaid: 'Prepaid credit',
  credit_note: 'Credit note',
};

/**
 * What settled an invoice: its figures (paid, prepaid credit, credited, remaining) and, under
 * them, one table of the prepaid credit, the payments and the credit notes, oldest first.
 */
export function InvoiceSettlement({ invoice }: { invoice: Invoice }) {
  const { format, me } = useCustomer();
  // A project's key sees its section of the invoice, not the account's payments (the API
  // answers those lists 404 to it): the figures only.
  const account = me.principal.projectId === undefined;
  const path = `/v1/invoices/${encodeURIComponent(invoice.id)}`;
  const payments = usePages(
    account ? `${path}/payments?limit=200` : null,
    (answer: { payments: InvoicePayment[]; nextCursor: string | null }) => ({
      items: answer.payments,
      nextCursor: answer.nextCursor,
    }),
  );
  const notes = usePages(
    account ? `${path}/credit-notes?limit=200` : null,
    (answer: { creditNotes: CreditNote[]; nextCursor: string | null }) => ({
      items: answer.creditNotes,
      nextCursor: answer.nextCursor,
    }),
  );
  const error = payments.error ?? notes.error;
  const ready = payments.list !== null && notes.list !== null;
  const rows = ready
    ? settlementRows(invoice, payments.list?.items ?? [], notes.list?.items ?? [])
    : [];
  const retry = () => {
    payments.reload();
    notes.reload();
  };

  return (
    <section className="card" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments and credits</h2>
      <dl className="figures">
        <div className="figure">
          <dt>Paid</dt>
          <dd data-testid="invoice-paid">{format.amount(invoice.amountPaid)}</dd>
        </div>
        <div className="figure">
          <dt>Prepaid credit applied</dt>
          <dd>{format.amount(invoice.creditsApplied)}</dd>
        </div>
        <div className="figure">
          <dt>Credited</dt>
          <dd>{format.amount(invoice.amountCredited)}</dd>
        </div>
        <div className="figure">
          <dt>Remaining</dt>
          <dd>{format.amount(invoice.amountRemaining)}</dd>
        </div>
      </dl>
      {!account && (
        <p className="muted">
          The account&apos;s payments and credit notes are not shown to a project.
        </p>
      )}
      {error && <ErrorState error={error} retry={retry} />}
      {account && !error && !ready && <Loading label="Loading payments and credit notes" />}
      {ready && rows.length === 0 && (
        <p className="muted">No payments or credit notes against this invoice yet.</p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="settlement-table">
            <caption className="visually-hidden">Payments, prepaid credit and credit notes</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Reference</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} className={`settlement-${row.kind}`}>
                  <td>{format.date(row.at)}</td>
                  <td>{KIND_LABELS[row.kind]}</td>
                  <td>
                    {row.creditNote ? (
                      <a
                        className="reference"
                        href={`/v1/credit-notes/${encodeURIComponent(row.creditNote.id)}/pdf`}
                      >
                        {row.reference}
                        <span className="dims"> (PDF)</span>
                      </a>
                    ) : (
                      <span className="reference">{row.reference}</span>
                    )}
                    {row.creditNote && <span className="dims"> · {row.creditNote.reason}</span>}
                    {row.toBalance !== null && (
                      <span className="dims">
                        {' '}
                        · {format.amount(row.toBalance)} to the credit balance
                      </span>
                    )}
                  </td>
                  <td className="num">{format.amount(row.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(payments.list?.nextCursor || notes.list?.nextCursor) && (
        <div className="actions">
          {payments.list?.nextCursor && (
            <button
              type="button"
              className="secondary more"
              onClick={payments.more}
              disabled={payments.loading}
            >
              More payments
            </button>
          )}
          {notes.list?.nextCursor && (
            <button
              type="button"
              className="secondary more"
              onClick={notes.more}
              disabled={notes.loading}
            >
              More credit notes
            </button>
          )}
        </div>
      )}
    </section>
  );
}
