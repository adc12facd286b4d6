import type { Invoice } from '../http/types';
import { InvoiceStatusBadge } from '../components/InvoiceStatus';
import { Empty, ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';
import { usePages } from '../use-pages';

/**
 * The customer's invoices, newest period first. The API lists them oldest first, 200 at
 * most per page (16 years of monthly invoices); "Show more" loads the next (later) ones.
 */
export function InvoicesPage() {
  const { api, base, format } = useCustomer();
  const { list, error, loading, more, reload } = usePages(
    `${api}/invoices?limit=200`,
    (answer: { invoices: Invoice[]; nextCursor: string | null }) => ({
      items: answer.invoices,
      nextCursor: answer.nextCursor,
    }),
  );
  const invoices = list ? [...list.items].reverse() : [];

  return (
    <>
      <div className="page-head">
        <h1>Invoices</h1>
      </div>
      {error && <ErrorState error={error} retry={reload} />}
      {!list && loading && <Loading label="Loading invoices" />}
      {list && invoices.length === 0 && (
        <Empty>No invoices yet: the first comes when this period ends.</Empty>
      )}
      {invoices.length > 0 && (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Amount due
                </th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td>
                    <Link to={`${base}/invoices/${encodeURIComponent(invoice.id)}`}>
                      {invoice.number ?? 'Draft'}
                    </Link>
                  </td>
                  <td>{format.periodName(invoice.period.start, invoice.period.end)}</td>
                  <td className="num">{format.amount(invoice.total)}</td>
                  <td className="num">{format.amount(invoice.amountRemaining)}</td>
                  <td>
                    <InvoiceStatusBadge status={invoice.status} />
                  </td>
                  <td>{invoice.dueAt === null ? '—' : format.date(invoice.dueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list?.nextCursor && (
            <button type="button" className="secondary more" onClick={more} disabled={loading}>
              {loading ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
    </>
  );
}
