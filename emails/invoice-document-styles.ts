/**
 * Print stylesheet of the invoice document. Classes rather than inline styles: a customer
 * with thousands of resources has thousands of rows, and a style attribute on each would
 * double the HTML. The PDF renderer prints page numbers into the bottom margin.
 */
export const INVOICE_DOCUMENT_CSS = `
@page { size: A4; margin: 18mm 14mm 20mm 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  font-family: "DejaVu Sans", sans-serif;
  font-size: 9pt;
  line-height: 1.4;
  color: #1f2933;
  background: #ffffff;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
.page { max-width: 182mm; margin: 0 auto; }
.muted { color: #616e7c; }
.small { font-size: 8pt; }
.header { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
.header td { vertical-align: top; padding: 0; }
.issuer-name { font-size: 14pt; font-weight: bold; margin: 0 0 1mm 0; }
.title { font-size: 20pt; font-weight: bold; margin: 0; text-align: right; letter-spacing: 0.5px; }
.title-number { text-align: right; margin: 1mm 0 0 0; font-size: 10pt; }
.parties { width: 100%; border-collapse: collapse; margin-bottom: 5mm; }
.parties td { vertical-align: top; padding: 0; width: 50%; }
.block-label {
  font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.6px;
  color: #616e7c; margin: 0 0 1.5mm 0; font-weight: bold;
}
.party-name { font-weight: bold; margin: 0; }
.party-line { margin: 0; }
.meta { border-collapse: collapse; margin-left: auto; }
.meta td { padding: 0.6mm 0 0.6mm 5mm; vertical-align: top; }
.meta td:first-child { color: #616e7c; padding-left: 0; }
.meta td:last-child { text-align: right; white-space: nowrap; }
.headline {
  width: 100%; border-collapse: collapse; background: #f0f4f8; margin-bottom: 5mm;
}
.headline td { padding: 3mm 4mm; }
.headline-amount { font-size: 14pt; font-weight: bold; text-align: right; }
.reason { background: #fffbea; border-left: 1mm solid #f0b429; padding: 2.5mm 4mm; margin-bottom: 7mm; }
.reason p { margin: 0; }
.lines { width: 100%; border-collapse: collapse; }
.lines thead { display: table-header-group; }
.lines tfoot { display: table-footer-group; }
.lines tr { page-break-inside: avoid; break-inside: avoid; }
.lines th {
  font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.5px; color: #616e7c;
  text-align: left; padding: 2mm 2mm; border-bottom: 0.4mm solid #1f2933;
}
.lines td { padding: 1.6mm 2mm; vertical-align: top; }
.lines .num { text-align: right; white-space: nowrap; }
.lines th.num { text-align: right; }
.lines td.unit { white-space: nowrap; }
.lines .col-quantity { width: 12%; }
.lines .col-unit { width: 11%; }
.lines .col-price { width: 14%; }
.lines .col-amount { width: 12%; }
.line-row { page-break-after: avoid; break-after: avoid; }
.line-row td { border-top: 0.2mm solid #cbd2d9; font-weight: bold; }
.line-row td.num, .line-row td.unit { font-weight: normal; }
.line-row td.amount { font-weight: bold; }
.sub-row td { padding-top: 0.4mm; padding-bottom: 0.4mm; font-size: 7.5pt; color: #616e7c; }
.sub-row td.resource { padding-left: 6mm; font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; }
.more-row td { padding: 0.6mm 2mm 1.6mm 6mm; font-size: 7.5pt; color: #616e7c; font-style: italic; }
.section-row td { padding: 3mm 2mm 1mm 2mm; border-bottom: 0.3mm solid #9aa5b1; }
.section-subtotal-row td { padding: 0.8mm 2mm 2mm 2mm; font-weight: bold; text-align: right; }
.note { font-size: 7.5pt; color: #616e7c; margin: 2mm 0 0 0; }
.totals { border-collapse: collapse; margin: 6mm 0 0 auto; min-width: 95mm; page-break-inside: avoid; }
.totals td { padding: 1mm 2mm; }
.totals td.amount { text-align: right; white-space: nowrap; padding-left: 8mm; }
.totals tr.total td { border-top: 0.3mm solid #1f2933; font-weight: bold; }
.totals tr.due td { border-top: 0.3mm solid #1f2933; font-weight: bold; font-size: 11pt; background: #f0f4f8; padding: 2mm; }
.payment { margin-top: 6mm; page-break-inside: avoid; }
.payment table { border-collapse: collapse; }
.payment td { padding: 0.6mm 6mm 0.6mm 0; }
.payment td:first-child { color: #616e7c; }
.payment p { margin: 2mm 0 0 0; }
.footer { margin-top: 6mm; padding-top: 2mm; border-top: 0.2mm solid #cbd2d9; font-size: 7.5pt; color: #616e7c; text-align: center; }
`;
