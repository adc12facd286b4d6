import { createBrowserPool, renderPdf, type BrowserPool } from '../../adapters/pdf';
import { CHROMIUM_PATH, pdfInfo, pdfPages } from './pdf-tools';

const ROWS = 1_500;
const rowId = (index: number) => `row-${String(index + 1).padStart(4, '0')}`;

/** A long usage table whose header row Chromium repeats on every printed page. */
function longTableHtml(): string {
  const rows = Array.from(
    { length: ROWS },
    (_, index) =>
      `<tr><td>${rowId(index)}</td><td>vm.small</td><td>${(index % 24) + 1} h</td><td>${index}.00</td></tr>`,
  ).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
    body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
    table { width: 100%; border-collapse: collapse; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
    th, td { border-bottom: 1px solid #ddd; padding: 2px 4px; text-align: left; }
  </style></head><body><h1>Usage detail</h1><table>
    <thead><tr><th>Resource</th><th>Product</th><th>Runtime</th><th>Amount EUR</th></tr></thead>
    <tbody>${rows}</tbody></table></body></html>`;
}

describe('renderPdf with a long table', () => {
  let pool: BrowserPool;
  beforeAll(() => {
    pool = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1 });
  });
  afterAll(() => pool.close());

  it('repeats the header row and numbers every page "Page N of M", losing no row', async () => {
    const pdf = await renderPdf(pool, {
      html: longTableHtml(),
      title: 'Usage detail',
      createdAtMs: Date.UTC(2026, 1, 1),
      footerLabel: 'INV-2026-000043',
    });
    const pages = await pdfPages(pdf);
    const total = pages.length;
    expect(total).toBeGreaterThan(10);
    expect((await pdfInfo(pdf)).Pages).toBe(String(total));
    pages.forEach((text, index) => {
      expect(text).toMatch(/Resource\s+Product\s+Runtime\s+Amount EUR/);
      expect(text).toMatch(new RegExp(`INV-2026-000043\\s+Page ${index + 1} of ${total}\\s*$`));
    });
    const printedRows = pages.join('\n').match(/row-\d{4}/g) ?? [];
    expect(printedRows).toEqual(Array.from({ length: ROWS }, (_, index) => rowId(index)));
  }, 180_000);
});
