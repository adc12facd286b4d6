import type { Page } from 'puppeteer-core';
import type { BrowserPool, PoolLogger } from './browser-pool';
import { EMPTY_HEADER_TEMPLATE, FOOTER_SIDE_MARGIN, footerTemplate } from './footer-template';
import { pinPdfDates } from './pin-pdf-dates';

export interface RenderPdfInput {
  /** A self-contained HTML document: styles inline, images as data: URLs. */
  html: string;
  /** The PDF's /Title (e.g. "Invoice INV-2026-000042"). */
  title: string;
  /** Written as /CreationDate and /ModDate, so a re-render gives the same bytes. */
  createdAtMs: number;
  /** Left side of every page's footer (e.g. the invoice number); the right is "Page X of Y". */
  footerLabel?: string;
  /**
   * Tagged PDF (a structure tree for screen readers and reflow), default true. It costs
   * about one object per table cell: a 30-page, 1,500-row usage table is 2.1 MB and ~0.9 s
   * tagged, 0.1 MB and ~0.4 s untagged; a one-page invoice barely notices.
   */
  tagged?: boolean;
}

const SET_CONTENT_TIMEOUT_MS = 30_000;
const PRINT_TIMEOUT_MS = 120_000;

/**
 * Renders invoice HTML to an A4 PDF. Same input, same Chromium build, same fonts: same
 * bytes (see pinPdfDates), whichever browser of the pool renders it and whenever.
 * A `@page` rule in the HTML wins over the A4 default and margins (preferCSSPageSize).
 */
export async function renderPdf(pool: BrowserPool, input: RenderPdfInput): Promise<Buffer> {
  const printed = await pool.withPage(async (page) => {
    const blocked = await keepOffline(page, pool.logger);
    await page.setContent(input.html, { waitUntil: 'load', timeout: SET_CONTENT_TIMEOUT_MS });
    // The /Title comes from document.title; a string expression because this package
    // compiles without DOM types (and page scripts are off, DevTools evaluation is not).
    await page.evaluate(`document.title = ${JSON.stringify(input.title)};`);
    if (blocked.length > 0) {
      pool.logger?.warn(
        { blocked: blocked.slice(0, 10) },
        'invoice HTML referenced the network; blocked',
      );
    }
    return page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: input.tagged ?? true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: EMPTY_HEADER_TEMPLATE,
      footerTemplate: footerTemplate(input.footerLabel),
      margin: { top: '14mm', bottom: '18mm', left: FOOTER_SIDE_MARGIN, right: FOOTER_SIDE_MARGIN },
      timeout: PRINT_TIMEOUT_MS,
    });
  });
  return pinPdfDates(Buffer.from(printed), input.createdAtMs);
}

/** Per page (pages are reused): the URLs the current render tried to reach. */
const blockedByPage = new WeakMap<Page, string[]>();

/**
 * The HTML must not depend on anything outside itself: a fetched image or font could
 * differ between a render and its retry, and a renderer should not reach the network.
 * Scripts are off too (React Email output is static markup). A reused page is set up
 * once; returns this render's (emptied) list of blocked URLs.
 */
async function keepOffline(page: Page, logger: PoolLogger | undefined): Promise<string[]> {
  const earlier = blockedByPage.get(page);
  if (earlier) {
    earlier.length = 0;
    return earlier;
  }
  const blocked: string[] = [];
  blockedByPage.set(page, blocked);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const allowed = url.startsWith('data:') || url.startsWith('about:');
    if (!allowed) blocked.push(url.slice(0, 200));
    // A request can outlive its page (closed after a failed render); say so, do not throw.
    (allowed ? request.continue() : request.abort('blockedbyclient')).catch((error: unknown) =>
      logger?.warn({ err: error, url: url.slice(0, 200) }, 'request interception failed'),
    );
  });
  return blocked;
}
