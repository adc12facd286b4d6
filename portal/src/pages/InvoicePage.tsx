import { Fragment } from 'react';
import {
  carriedByLine,
  carriedToCreditNote,
  carriedToCreditTotal,
} from '../../../domain/documents/carried-note';
import { ApiError, query } from '../http/client';
import type { Invoice } from '../http/types';
import { InvoiceStatusBadge } from '../components/InvoiceStatus';
import { ErrorState, Loading } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';
import { useData } from '../use-data';
import { InvoiceSettlement } from './InvoiceSettlement';
import { NotFoundPage } from './NotFoundPage';

const dimensionsText = (dimensions: Record<string, string>): string =>
  Object.values(dimensions).join(', ');

/** One invoice: totals, lines, credit notes and payments, its documents and its usage. */
export function InvoicePage({ invoiceId }: { invoiceId: string }) {
  const { base, format } = useCustomer();
  const path = `/v1/invoices/${encodeURIComponent(invoiceId)}`;
  const invoice = useData<Invoice>(path);

  if (invoice.state === 'loading') return <Loading label="Loading the invoice" />;
  if (invoice.state === 'error') {
    if (invoice.error instanceof ApiError && invoice.error.status === 404) return <NotFoundPage />;
    return <ErrorState error={invoice.error} retry={invoice.reload} />;
  }
  const i = invoice.value;
  const final = i.number !== null;
  const usageLink = `${base}/usage${query({ from: i.period.start, to: i.period.end })}`;
  // What negative restatements carried to the credit balance: said under their lines and the
  // total, as the PDF says it.
  const carried = carriedByLine(i.lineTotals);
  const carriedTotal = carriedToCreditTotal(Object.values(carried));
  const amount = (value: string) => format.amount(value);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`${base}/invoices`}>Invoices</Link>
        <span aria-hidden="true"> › </span>
        <span>{i.number ?? 'Draft'}</span>
      </nav>
      <div className="page-head">
        <h1>{final ? `Invoice ${i.number}` : 'Draft invoice'}</h1>
        <InvoiceStatusBadge status={i.status} />
      </div>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{format.periodName(i.period.start, i.period.end)}</h2>
        <dl className="figures">
          <div className="figure">
            <dt>Total</dt>
            <dd data-testid="invoice-total">{format.amount(i.total)}</dd>
          </div>
          <div className="figure">
            <dt>Amount due</dt>
            <dd>{format.amount(i.amountRemaining)}</dd>
          </div>
          <div className="figure">
            <dt>Issued</dt>
            <dd>{i.finalizedAt === null ? '—' : format.date(i.finalizedAt)}</dd>
          </div>
          <div className="figure">
            <dt>Due</dt>
            <dd>{i.dueAt === null ? '—' : format.date(i.dueAt)}</dd>
          </div>
        </dl>
        <div className="actions">
          {final ? (
            <>
              <a className="button" href={`${path}/pdf`}>
                Download PDF
              </a>
              <a className="button secondary" href={`${path}/html`} target="_blank" rel="noopener">
                Open HTML
              </a>
              <a className="button secondary" href={`${path}/ubl`}>
                UBL e-invoice
              </a>
            </>
          ) : (
            <span className="muted">Documents are made when the invoice is finalized.</span>
          )}
          <Link className="button secondary" to={usageLink}>
            Usage of this period
          </Link>
        </div>
      </section>
      <section className="card table-wrap" aria-labelledby="lines-title">
        <h2 id="lines-title">Lines</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Meter</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {i.lines.map((line) => (
              <Fragment key={line.lineId}>
                <tr>
                  <td>
                    {line.meter}
                    {Object.keys(line.dimensions).length > 0 && (
                      <span className="dims"> · {dimensionsText(line.dimensions)}</span>
                    )}
                  </td>
                  <td className="num">
                    {format.quantity(line.quantity)} {line.unit}
                  </td>
                  <td className="num">{format.unitPrice(line.unitPrice)}</td>
                  <td className="num">{format.amount(line.amount)}</td>
                </tr>
                {line.subLines.length > 1 &&
                  line.subLines.map((sub) => (
                    <tr key={`${line.lineId}/${sub.resourceId}`} className="segment-row">
                      <td className="indent">
                        <Link
                          to={`${base}/resources/${encodeURIComponent(sub.resourceId)}${query({ meter: line.meter, from: i.period.start, to: i.period.end })}`}
                        >
                          {sub.resourceId}
                        </Link>
                      </td>
                      <td className="num">
                        {format.quantity(sub.quantity)} {line.unit}
                      </td>
                      <td />
                      <td className="num" title={sub.preciseAmount}>
                        {format.preciseAmount(sub.preciseAmount)}
                      </td>
                    </tr>
                  ))}
                {carried[line.lineId] !== undefined && (
                  <tr className="segment-row">
                    <td className="indent muted" colSpan={4}>
                      {carriedToCreditNote(line.amount, carried[line.lineId] ?? '0', amount)}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Subtotal
              </th>
              <td className="num">{format.amount(i.subtotal)}</td>
            </tr>
            {Number(i.totalDiscount) !== 0 && (
              <tr>
                <th scope="row" colSpan={3}>
                  Discounts
                </th>
                <td className="num">{format.deduction(i.totalDiscount)}</td>
              </tr>
            )}
            {i.taxes.map((tax) => (
              <tr key={tax.taxRateId}>
                <th scope="row" colSpan={3}>
                  {tax.name}
                </th>
                <td className="num">{format.amount(tax.taxAmount)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num">{format.amount(i.total)}</td>
            </tr>
            {carriedTotal !== null && (
              <tr>
                <th scope="row" colSpan={3}>
                  Added to your credit balance
                </th>
                <td className="num">{format.amount(carriedTotal)}</td>
              </tr>
            )}
          </tfoot>
        </table>
      </section>
      <InvoiceSettlement invoice={i} />
    </>
  );
}
