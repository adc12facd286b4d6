/** @jsxRuntime automatic */
// The pragma keeps the automatic runtime under @swc/jest too, whose default is classic.
import { Body, Head, Heading, Html } from '@react-email/components';
import type { InvoiceViewModel, PartyView } from '../domain/documents/view-model';
import { INVOICE_DOCUMENT_CSS } from './invoice-document-styles';
import { InvoiceLinesTable } from './invoice-lines-table';
import { InvoiceTotalsTable } from './invoice-totals-table';

function PartyLines({ party }: { party: PartyView }) {
  return (
    <>
      {party.addressLines.map((line) => (
        <p className="party-line" key={line}>
          {line}
        </p>
      ))}
      <p className="party-line">{party.country}</p>
      {party.vatId === null ? null : <p className="party-line muted">{party.vatId}</p>}
      {party.email === null ? null : <p className="party-line muted">{party.email}</p>}
    </>
  );
}

/**
 * The invoice or credit note as an A4 HTML document, printed to PDF by Chromium. Every
 * string comes preformatted from the view model; this component only lays them out.
 */
export function InvoiceDocumentHtml({ vm }: { vm: InvoiceViewModel }) {
  return (
    <Html lang="en">
      <Head>
        <title>{`${vm.title} ${vm.number}`}</title>
        <style>{INVOICE_DOCUMENT_CSS}</style>
      </Head>
      <Body>
        <div className="page">
          <table className="header">
            <tbody>
              <tr>
                <td>
                  <p className="issuer-name">{vm.issuer.name}</p>
                  <PartyLines party={vm.issuer} />
                </td>
                <td>
                  <Heading as="h1" className="title">
                    {vm.title}
                  </Heading>
                  <p className="title-number">{vm.number}</p>
                </td>
              </tr>
            </tbody>
          </table>

          <table className="parties">
            <tbody>
              <tr>
                <td>
                  <p className="block-label">Bill to</p>
                  <p className="party-name">{vm.customer.name}</p>
                  <PartyLines party={vm.customer} />
                </td>
                <td>
                  <table className="meta">
                    <tbody>
                      {vm.meta.map((item) => (
                        <tr key={item.label}>
                          <td>{item.label}</td>
                          <td>{item.value}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </td>
              </tr>
            </tbody>
          </table>

          <table className="headline">
            <tbody>
              <tr>
                <td>
                  {vm.headlineLabel}
                  {vm.dueDate === null ? null : (
                    <span className="muted">{` by ${vm.dueDate}`}</span>
                  )}
                </td>
                <td className="headline-amount">{vm.headlineAmount}</td>
              </tr>
            </tbody>
          </table>

          {vm.reason === null ? null : (
            <div className="reason">
              <p>
                <strong>Reason: </strong>
                {vm.reason}
              </p>
            </div>
          )}

          <InvoiceLinesTable lines={vm.lines} sections={vm.sections ?? null} />
          {vm.subLineNote === null ? null : <p className="note">{vm.subLineNote}</p>}

          <InvoiceTotalsTable rows={vm.totalRows} />

          {vm.payment === null ? null : (
            <div className="payment">
              <p className="block-label">Payment</p>
              <table>
                <tbody>
                  {vm.payment.rows.map((row) => (
                    <tr key={row.label}>
                      <td>{row.label}</td>
                      <td>{row.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {vm.payment.note === null ? null : <p>{vm.payment.note}</p>}
            </div>
          )}

          <div className="footer">{vm.footer}</div>
        </div>
      </Body>
    </Html>
  );
}
