import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import {
  createBrowserPool,
  renderPdf,
  type BrowserPool,
  type PoolLogger,
} from '../../adapters/pdf';
import { CHROMIUM_PATH, pdfFonts, pdfInfo, pdfPages } from './pdf-tools';

const TIMEOUT_MS = 120_000;
const FINALIZED_AT = Date.UTC(2026, 0, 15, 9, 30, 0);

/** One-page, invoice-like, self-contained HTML (what a React Email template renders). */
const invoiceHtml = (extraBody = '') => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ignored</title>
<style>
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #111; }
  .bar { background: #1f4e79; color: #fff; padding: 8px; }
  td.amount { text-align: right; }
</style></head>
<body>
  <div class="bar"><h1>Invoice INV-2026-000042</h1></div>
  <p>Bill to: Müller &amp; Söhne GmbH</p>
  <table><tbody>
    <tr><td>vm.large (744 h)</td><td class="amount">1,000.00 EUR</td></tr>
    <tr><td>VAT 19 %</td><td class="amount">190.00 EUR</td></tr>
    <tr><td><b>Total due</b></td><td class="amount"><b>1,190.00 EUR</b></td></tr>
  </tbody></table>
  ${extraBody}
</body></html>`;

const input = {
  html: invoiceHtml(),
  title: 'Invoice INV-2026-000042',
  createdAtMs: FINALIZED_AT,
  footerLabel: 'INV-2026-000042',
};

describe('renderPdf', () => {
  let pool: BrowserPool;
  beforeAll(() => {
    pool = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1 });
  });
  afterAll(() => pool.close());

  it(
    'prints the invoice on one A4 page with its footer, title and dates',
    async () => {
      const pdf = await renderPdf(pool, input);
      const pages = await pdfPages(pdf);
      expect(pages).toHaveLength(1);
      const text = pages[0] ?? '';
      for (const expected of [
        'Invoice INV-2026-000042',
        'Bill to: Müller & Söhne GmbH',
        '1,190.00 EUR',
        'Page 1 of 1',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toMatch(/INV-2026-000042\s+Page 1 of 1/); // footer: label left, pages right
      expect(await pdfInfo(pdf)).toMatchObject({
        Title: 'Invoice INV-2026-000042',
        Creator: 'usage-billing-engine',
        CreationDate: '2026-01-15T09:30:00Z',
        ModDate: '2026-01-15T09:30:00Z',
        Pages: '1',
        'Page size': '595.92 x 841.92 pts (A4)',
      });
    },
    TIMEOUT_MS,
  );

  it(
    'embeds every font it uses',
    async () => {
      const fonts = await pdfFonts(await renderPdf(pool, input));
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded)).toEqual([]);
      expect(fonts.every((font) => /^[A-Z]{6}\+DejaVuSans/.test(font.name))).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'gives the same bytes for the same input: later, in another browser, concurrently, after a crash',
    async () => {
      const first = await renderPdf(pool, input);
      await sleep(1_100); // Chromium's own dates have one-second resolution
      const other = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1 });
      try {
        const [second, third] = await Promise.all([
          renderPdf(other, input),
          renderPdf(other, input),
        ]);
        expect(second.equals(first)).toBe(true);
        expect(third.equals(first)).toBe(true);
      } finally {
        await other.close();
      }
      const crashing = await pool.withPage((page) => Promise.resolve(page.browser()));
      const disconnected = new Promise((resolve) => crashing.once('disconnected', resolve));
      crashing.process()?.kill('SIGKILL');
      await disconnected;
      const afterCrash = await renderPdf(pool, input);
      expect(afterCrash.equals(first)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'gives the same bytes on a reused page that printed another document before',
    async () => {
      const fresh = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1 });
      const reused = createBrowserPool({
        executablePath: CHROMIUM_PATH,
        size: 1,
        pagesPerBrowser: 1,
      });
      try {
        const first = await renderPdf(fresh, input);
        const other = { ...input, title: 'Another', footerLabel: 'INV-OTHER' };
        await renderPdf(reused, {
          ...other,
          html: input.html.replace('</body>', '<p>more</p></body>'),
        });
        const again = await renderPdf(reused, input);
        expect(again.equals(first)).toBe(true);
      } finally {
        await Promise.all([fresh.close(), reused.close()]);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'differs for another creation instant only in the two dates',
    async () => {
      const later = Date.UTC(2027, 11, 31, 23, 59, 59);
      const [a, b] = await Promise.all([
        renderPdf(pool, input),
        renderPdf(pool, { ...input, createdAtMs: later }),
      ]);
      expect(await pdfInfo(b)).toMatchObject({
        CreationDate: '2027-12-31T23:59:59Z',
        ModDate: '2027-12-31T23:59:59Z',
      });
      const dates = (pdf: Buffer) => pdf.toString('latin1').replace(/D:\d{14}\+00'00'/g, 'D:date');
      expect(b.length).toBe(a.length);
      expect(dates(b)).toBe(dates(a));
      expect(b.equals(a)).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'escapes the footer label, leaves it out when there is none, and prints no header',
    async () => {
      const labelled = await pdfPages(
        await renderPdf(pool, { ...input, footerLabel: '<b>A&B</b>' }),
      );
      expect(labelled[0]).toMatch(/<b>A&B<\/b>\s+Page 1 of 1/);
      const unlabelled = await pdfPages(
        await renderPdf(pool, { ...input, footerLabel: undefined }),
      );
      expect(unlabelled[0]).toMatch(/\n\s+Page 1 of 1\s*$/);
      // No Chromium default header (print date and title) above the content.
      const titled = await pdfPages(await renderPdf(pool, { ...input, title: 'Metadata only' }));
      expect(titled[0]).not.toContain('Metadata only');
      expect(titled[0]?.trimStart().startsWith('Invoice INV-2026-000042')).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'tags the PDF for accessibility unless asked not to',
    async () => {
      const tagged = await renderPdf(pool, input);
      const untagged = await renderPdf(pool, { ...input, tagged: false });
      expect([(await pdfInfo(tagged)).Tagged, (await pdfInfo(untagged)).Tagged]).toEqual([
        'yes',
        'no',
      ]);
      expect((await pdfPages(untagged))[0]).toContain('1,190.00 EUR');
    },
    TIMEOUT_MS,
  );

  it(
    'neither fetches from the network nor runs scripts in the HTML',
    async () => {
      const hits: string[] = [];
      const server = http.createServer((request, response) => {
        hits.push(request.url ?? '');
        response.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const blocked: string[] = [];
      const logger: PoolLogger = {
        info: () => undefined,
        warn: (fields) => blocked.push(...(fields as { blocked: string[] }).blocked),
      };
      const watched = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1, logger });
      try {
        const html = invoiceHtml(
          `<img src="http://127.0.0.1:${port}/logo.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css">` +
            `<script>document.body.innerHTML = 'scripted';</script>`,
        );
        const text = (await pdfPages(await renderPdf(watched, { ...input, html }))).join('');
        expect(hits).toEqual([]);
        expect(text).toContain('1,190.00 EUR');
        expect(text).not.toContain('scripted');
        expect(blocked.sort()).toEqual([
          `http://127.0.0.1:${port}/a.css`,
          `http://127.0.0.1:${port}/logo.png`,
        ]);
      } finally {
        await watched.close();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    TIMEOUT_MS,
  );
});
