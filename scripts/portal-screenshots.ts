/**
 * `npm run screenshots`: the README's pictures of the customer portal. Starts the real stack
 * (Temporal dev server, a fresh PostgreSQL database at DATABASE_URL, the worker with
 * document rendering, the API), seeds a customer with six days of usage and a finalized,
 * partly paid October invoice, opens the portal through a portal link in headless Chromium
 * and writes docs/screenshots/{overview,usage,drilldown,invoice}.png (1280 px wide) and
 * overview-phone.png (390 px).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { parsePlan, toPlan } from '../api/schemas/plan';
import { saveDraftInvoice } from '../db/repositories/invoices.repository';
import { saveCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import { draftInvoice } from '../domain/invoice';
import { call, demoPlanBody, portalLink, seedDemoCustomer } from '../portal/demo-data';
import { eventually } from '../test/support/eventually';
import { TEST_OPERATOR_KEY } from '../test/support/http';
import { startTestStack } from '../test/support/stack';

// SCREENSHOTS_DIR: somewhere else to look at them first (the README's stay as they are).
const OUT = process.env.SCREENSHOTS_DIR ?? path.join(__dirname, '..', 'docs', 'screenshots');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOUR = 3_600_000;
const VAT = [{ id: 'de-vat-19', name: 'VAT 19%', percentage: '19', inclusive: false }];

const vm = (resourceId: string, hours: number) => ({
  resourceId,
  meter: 'compute.vm',
  dimensions: { flavor: 'm1.small', region: 'fra1' },
  seconds: String(hours * 3600),
  quantitySeconds: String(hours * 3600),
  quantity: '0',
  runs: [{ durationMs: hours * HOUR, quantity: '1' }],
});

async function shoot(page: Page, file: string, ready: string): Promise<void> {
  await page.waitForSelector(ready, { timeout: 30_000 });
  // Let the chart draw and fonts settle.
  await new Promise((resolve) => setTimeout(resolve, 600));
  await page.screenshot({ path: path.join(OUT, file), fullPage: true });
  console.log(`wrote ${path.join(OUT, file)}`);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const stack = await startTestStack('portal-screenshots', { delivery: true });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--font-render-hinting=none',
    ],
  });
  try {
    const target = { url: stack.api.url, operatorKey: TEST_OPERATOR_KEY };
    const customerId = 'acme-cloud';
    const { planId } = await seedDemoCustomer(target, { customerId, nowMs: Date.now() });
    await saveCustomerTaxRates(stack.database.db, customerId, VAT);

    const draft = draftInvoice({
      customerId,
      period: { startMs: Date.UTC(2026, 8, 30, 22), endMs: Date.UTC(2026, 9, 31, 23) },
      terms: {
        planId,
        currency: 'EUR',
        prices: toPlan(parsePlan(demoPlanBody(planId))).prices,
        minimumCommitment: null,
      },
      taxRates: VAT,
      usage: [
        vm('vm-web-1', 744),
        vm('vm-web-2', 512),
        vm('vm-batch', 96),
        {
          resourceId: 'vol-data',
          meter: 'storage.volume',
          dimensions: { region: 'fra1' },
          seconds: String(744 * 3600),
          quantitySeconds: String(500 * 744 * 3600),
          quantity: '0',
          runs: [{ durationMs: 744 * HOUR, quantity: '500' }],
        },
        {
          resourceId: 'vm-web-1',
          meter: 'network.egress',
          dimensions: {},
          seconds: '0',
          quantitySeconds: '0',
          quantity: '412000000000',
          runs: [],
        },
      ],
    });
    await saveDraftInvoice(stack.database.db, draft);
    await call(target, 'POST', `/v1/invoices/${draft.invoiceId}/finalize`, {});
    await call(target, 'POST', `/v1/invoices/${draft.invoiceId}/payments`, {
      reference: 'bank-2026-11-04',
      amount: '40.00',
    });
    await call(target, 'POST', `/v1/invoices/${draft.invoiceId}/payments`, {
      reference: 'card-ch_3QxY8e2026',
      amount: '25.50',
      receivedAt: '2026-11-12T14:30:00Z',
    });
    // A partial credit note on the first line: the invoice page lists it beside the payments.
    const lines = (await call(target, 'GET', `/v1/invoices/${draft.invoiceId}`)).body as {
      lines: { lineId: string }[];
    };
    const firstLine = lines.lines[0]?.lineId;
    if (firstLine !== undefined) {
      const note = await call(target, 'POST', `/v1/invoices/${draft.invoiceId}/credit-notes`, {
        id: 'cn-outage-nov',
        reason: 'Service outage on 3 November',
        lines: [{ lineId: firstLine, amount: '2.00' }],
      });
      if (note.status !== 201) throw new Error(`credit note: ${JSON.stringify(note)}`);
    }
    await call(target, 'POST', `/v1/customers/${customerId}/credit-grants`, {
      id: 'welcome-credit',
      amount: '25.00',
      description: 'Welcome credit',
    });
    await eventually(
      async () => (await call(target, 'GET', `/v1/invoices/${draft.invoiceId}/pdf`)).status,
      (status) => status === 200,
      60_000,
    );
    // Let the workflow apply the seeded events before the first picture.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const link = new URL(await portalLink(target, customerId));
    await page.goto(`${stack.api.url}${link.pathname}${link.search}`, {
      waitUntil: 'domcontentloaded',
    });
    await shoot(page, 'overview.png', '[data-testid=accrued]');

    await page.goto(`${stack.api.url}/portal/usage?granularity=day&groupBy=meter`, {
      waitUntil: 'domcontentloaded',
    });
    await shoot(page, 'usage.png', 'canvas');

    await page.goto(`${stack.api.url}/portal/resources/db-main?meter=compute.vcpu`, {
      waitUntil: 'domcontentloaded',
    });
    await shoot(page, 'drilldown.png', 'table.runs-table');

    await page.goto(`${stack.api.url}/portal/invoices/${draft.invoiceId}`, {
      waitUntil: 'domcontentloaded',
    });
    await shoot(page, 'invoice.png', '[data-testid=invoice-total]');

    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await page.goto(`${stack.api.url}/portal/`, { waitUntil: 'domcontentloaded' });
    await shoot(page, 'overview-phone.png', '[data-testid=accrued]');
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
