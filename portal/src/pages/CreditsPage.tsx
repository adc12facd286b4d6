import type { Credits } from '../http/types';
import { Empty, ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';
import { usePages } from '../use-pages';

const INVOICE_REFERENCE = /^invoice:(.+)$/;

/** The prepaid credit balance and its ledger: grants, and what invoices consumed. */
export function CreditsPage() {
  const { api, base, format } = useCustomer();
  const { list, head, error, loading, more, reload } = usePages(
    `${api}/credits?limit=100`,
    (answer: Credits) => ({ items: answer.entries, nextCursor: answer.nextCursor }),
  );
  const balance = head?.balance ?? null;

  return (
    <>
      <div className="page-head">
        <h1>Credits</h1>
      </div>
      <section className="card">
        <dl className="figures">
          <div className="figure">
            <dt>Balance</dt>
            <dd data-testid="credit-balance">{balance === null ? '—' : format.amount(balance)}</dd>
          </div>
        </dl>
      </section>
      {error && <ErrorState error={error} retry={reload} />}
      {!list && loading && <Loading label="Loading the credit ledger" />}
      {list && list.items.length === 0 && <Empty>No credit has been granted.</Empty>}
      {list && list.items.length > 0 && (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Entry</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry, index) => {
                const invoice = INVOICE_REFERENCE.exec(entry.reference)?.[1];
                return (
                  <tr key={`${entry.reference}-${index}`}>
                    <td>{format.date(entry.createdAt)}</td>
                    <td>
                      {entry.kind === 'grant' ? 'Grant' : 'Used'}
                      {invoice !== undefined && (
                        <>
                          {' · '}
                          <Link to={`${base}/invoices/${encodeURIComponent(invoice)}`}>
                            invoice
                          </Link>
                        </>
                      )}
                    </td>
                    <td>{entry.description}</td>
                    <td className="num">
                      {entry.kind === 'grant'
                        ? format.amount(entry.amount)
                        : format.deduction(entry.amount)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.nextCursor && (
            <button type="button" className="secondary more" onClick={more} disabled={loading}>
              {loading ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
    </>
  );
}
