/**
 * Chromium prints header/footer templates in their own document at a tiny default size,
 * without the page's styles, and fills elements with the classes pageNumber/totalPages.
 * An empty header template would make Chromium print its default header (the date and
 * the title), which would put the wall clock into the PDF, so the header is an empty div.
 */
export const EMPTY_HEADER_TEMPLATE = '<div></div>';

/** Side padding of the footer; the same as the page's left/right margin in renderPdf. */
export const FOOTER_SIDE_MARGIN = '14mm';

/** "INV-2026-000042 ......... Page 2 of 5", the label optional and HTML-escaped. */
export function footerTemplate(label: string | undefined): string {
  const style = [
    'box-sizing:border-box',
    'width:100%',
    `padding:0 ${FOOTER_SIDE_MARGIN}`,
    'display:flex',
    'justify-content:space-between',
    "font-family:'DejaVu Sans',sans-serif",
    'font-size:8pt',
    'color:#555555',
  ].join(';');
  return (
    `<div style="${style}">` +
    `<span>${escapeHtml(label ?? '')}</span>` +
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>' +
    '</div>'
  );
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
