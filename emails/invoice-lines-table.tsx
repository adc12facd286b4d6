/** @jsxRuntime automatic */
// The pragma keeps the automatic runtime under @swc/jest too, whose default is classic.
import { Fragment } from 'react';
import type { LineView, SectionView } from '../domain/documents/view-model';

/**
 * The itemized lines: one bold row per line, then one small grey row per resource. A real
 * table whose <thead> is a table-header-group, so Chromium repeats the header on every
 * printed page; rows do not break across pages. Cells carry classes only (no inline
 * styles): a large customer has thousands of rows.
 */
export function InvoiceLinesTable({
  lines,
  sections = null,
}: {
  lines: LineView[];
  /** A central invoice's project sections: each is a heading, its lines and its subtotal. */
  sections?: SectionView[] | null;
}) {
  return (
    <table className="lines">
      <thead>
        <tr>
          <th>Description</th>
          <th className="num col-quantity">Quantity</th>
          <th className="col-unit">Unit</th>
          <th className="num col-price">Unit price</th>
          <th className="num col-amount">Amount</th>
        </tr>
      </thead>
      <tbody>
        {sections === null
          ? lines.map(lineRows)
          : sections.map((section) => (
              <Fragment key={section.title}>
                <tr className="section-row">
                  <td colSpan={5}>
                    <strong>{section.title}</strong>
                    {section.details === null ? null : ` · ${section.details}`}
                  </td>
                </tr>
                {section.lines.map(lineRows)}
                <tr className="section-subtotal-row">
                  <td colSpan={4}>{section.subtotalLabel}</td>
                  <td className="num amount">{section.subtotal}</td>
                </tr>
              </Fragment>
            ))}
      </tbody>
    </table>
  );
}

/** One line: its bold row, then one row per resource (and the note of those left out). */
function lineRows(line: LineView) {
  return (
    <Fragment key={line.lineId}>
      <tr className="line-row">
        <td>{line.description}</td>
        <td className="num">{line.quantity}</td>
        <td className="unit">{line.unit}</td>
        <td className="num">{line.unitPrice}</td>
        <td className="num amount">{line.amount}</td>
      </tr>
      {line.subLines.map((sub) => (
        <tr className="sub-row" key={sub.resourceId}>
          <td className="resource">{sub.resourceId}</td>
          <td className="num">{sub.quantity}</td>
          <td className="unit">{line.unit}</td>
          <td />
          <td className="num">{sub.amount}</td>
        </tr>
      ))}
      {line.omittedSubLines === null ? null : (
        <tr className="more-row">
          <td colSpan={5}>{line.omittedSubLines}</td>
        </tr>
      )}
      {line.carriedNote === null ? null : (
        <tr className="more-row">
          <td colSpan={5}>{line.carriedNote}</td>
        </tr>
      )}
    </Fragment>
  );
}
