import { useId, useState, type SyntheticEvent } from 'react';
import { query } from '../http/client';
import type { Me, OperatorCustomer, Page } from '../http/types';
import { Empty, ErrorState, Loading } from '../components/states';
import { createPortalFormat, type PortalFormat } from '../format';
import { Link, navigate, useLocation } from '../router';
import { usePages } from '../use-pages';

const STATUS: Record<OperatorCustomer['status'], string> = {
  active: 'Active',
  no_subscription: 'No subscription',
};

const formats = new Map<string, PortalFormat>();
/** The operator's list mixes currencies: each amount in its customer's currency. */
function money(value: string, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = createPortalFormat(navigator.language || 'en-GB', currency, 'UTC');
    formats.set(currency, format);
  }
  return format.amount(value);
}

/** Operators: every customer with its accrued cost, a way into its portal and its workflow. */
export function OperatorPage({ me }: { me: Me }) {
  const id = useId();
  const { pathname, search } = useLocation();
  const term = search.get('search') ?? '';
  const [draft, setDraft] = useState(term);
  const { list, error, loading, more, reload } = usePages(
    `/v1/operator/customers${query({ search: term, limit: '50' })}`,
    (answer: Page<OperatorCustomer>) => ({ items: answer.data, nextCursor: answer.nextCursor }),
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(`${pathname}${query({ search: draft.trim() })}`, { replace: true });
  };

  return (
    <>
      <div className="page-head">
        <h1>Customers</h1>
        {me.temporalUiUrl && (
          <a href={me.temporalUiUrl} target="_blank" rel="noopener">
            Temporal UI
          </a>
        )}
      </div>
      <form className="controls" role="search" onSubmit={submit}>
        <div className="control grow">
          <label htmlFor={id}>Search by id, name or email</label>
          <input
            id={id}
            type="search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit">Search</button>
      </form>
      {error && <ErrorState error={error} retry={reload} />}
      {!list && loading && <Loading label="Loading customers" />}
      {list && list.items.length === 0 && <Empty>No customer matches.</Empty>}
      {list && list.items.length > 0 && (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Accrued
                </th>
                <th scope="col" className="num">
                  Open
                </th>
                <th scope="col">Workflow</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((customer) => (
                <tr key={customer.id}>
                  <td>
                    <Link to={customer.portalUrl}>{customer.name}</Link>
                    <span className="muted block">{customer.id}</span>
                  </td>
                  <td>{customer.email}</td>
                  <td>{STATUS[customer.status]}</td>
                  <td className="num">
                    {customer.accrued === null ? '—' : money(customer.accrued, customer.currency)}
                  </td>
                  <td className="num">{money(customer.openAmount, customer.currency)}</td>
                  <td>
                    {customer.workflowUrl ? (
                      <a href={customer.workflowUrl} target="_blank" rel="noopener">
                        billing-cycle
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
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
