import { Client, Connection } from '@temporalio/client';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { RunningApi } from '../../api/server';
import { parsePlan, toPlan } from '../../api/schemas/plan';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { createDocumentNumberFormat } from '../../domain/documents/number-format';
import { draftInvoice } from '../../domain/invoice';
import {
  call as callApi,
  demoPlanBody,
  portalLink,
  seedDemoCustomer,
} from '../../portal/demo-data';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { TEST_OPERATOR_KEY } from '../support/http';
import { CHROMIUM_PATH } from '../pdf/pdf-tools';
import {
  startApiWithClient,
  startTestApi,
  startTestStack,
  testLogger,
  type TestStack,
} from '../support/stack';

/**
 * The portal in a real Chromium against the real stack (Temporal dev server, PostgreSQL,
 * worker with document rendering, API): what a customer sees after opening their link.
 */
let stack: TestStack;
let browser: Browser;
const customerA = uniqueId('cus-portal-a');
const customerB = uniqueId('cus-portal-b');
const B_NAME = 'Beta Secret Holdings';
let invoiceId: string;
const euro = createDocumentNumberFormat('en-GB', 'EUR');
const target = (api: RunningApi = stack.api) => ({ url: api.url, operatorKey: TEST_OPERATOR_KEY });
const UI_TIMEOUT = 20_000;
const call = (...args: Parameters<typeof callApi>) =>
  callApi(...args) as Promise<{ status: number; body: any }>;

/** A finalized October invoice of A (rendered to PDF by the worker). */
async function finalizedInvoice(planId: string): Promise<string> {
  const draft = draftInvoice({
    customerId: customerA,
    period: { startMs: Date.UTC(2026, 8, 30, 22), endMs: Date.UTC(2026, 9, 31, 23) },
    terms: {
      planId,
      currency: 'EUR',
      prices: toPlan(parsePlan(demoPlanBody(planId))).prices,
      minimumCommitment: null,
    },
    usage: [
      {
        resourceId: 'vm-web-1',
        meter: 'compute.vm',
        dimensions: { flavor: 'm1.small', region: 'fra1' },
        seconds: String(300 * 3600),
        quantitySeconds: String(300 * 3600),
        quantity: '0',
        runs: [{ durationMs: 300 * 3_600_000, quantity: '1' }],
      },
    ],
  });
  await saveDraftInvoice(stack.database.db, draft);
  const finalized = await call(target(), 'POST', `/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect(finalized.status).toEqual(200);
  await eventually(
    async () => (await call(target(), 'GET', `/v1/invoices/${draft.invoiceId}/pdf`)).status,
    (status) => status === 200,
    60_000,
  );
  return draft.invoiceId;
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startTestStack('e2e-portal-ui', { delivery: true }),
    puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    }),
  ]);
  const nowMs = Date.now();
  const a = await seedDemoCustomer(target(), { customerId: customerA, nowMs });
  await seedDemoCustomer(target(), {
    customerId: customerB,
    name: B_NAME,
    nowMs,
    withUsage: false,
  });
  invoiceId = await finalizedInvoice(a.planId);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser profile (its own cookies) that opened a portal link of `customerId`. */
async function openPortal(
  customerId: string,
  options: { api?: RunningApi; next?: string } = {},
): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  const url = await portalLink(
    target(options.api),
    customerId,
    options.next ? { next: options.next } : {},
  );
  // The link names PUBLIC_BASE_URL; the test API listens on a port of its own.
  const link = new URL(url);
  const api = options.api ?? stack.api;
  await page.goto(`${api.url}${link.pathname}${link.search}${link.hash}`, {
    waitUntil: 'domcontentloaded',
  });
  return page;
}

/** In-page expressions are strings: this file is compiled without the DOM library. */
const textOf = async (page: Page, selector: string): Promise<string> =>
  String(await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent`));

/** Waits until the element's text is `expected` (the page updates it by itself). */
async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  await page.waitForFunction(
    `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(expected)}`,
    { timeout: UI_TIMEOUT },
  );
}

const bodyText = (page: Page): Promise<string> =>
  page.evaluate('document.body.innerText') as Promise<string>;

async function overview(customerId: string): Promise<{ accrued: string; resourceCount: number }> {
  const answer = await call(target(), 'GET', `/v1/customers/${customerId}/overview`);
  expect(answer.status).toEqual(200);
  return answer.body as { accrued: string; resourceCount: number };
}

test('a portal link signs the customer in, leaves the token behind and shows the accrued cost', async () => {
  const page = await openPortal(customerA);
  await page.waitForSelector('[data-testid=accrued]');
  expect(new URL(page.url()).pathname).toEqual('/portal/');
  expect(page.url()).not.toContain('token');
  const expected = euro.amount((await overview(customerA)).accrued);
  expect(expected).not.toEqual('€0.00');
  await waitForText(page, '[data-testid=accrued]', expected);
  await page.browserContext().close();
});

test('a meter drills down to its resources and a resource to its runs', async () => {
  const page = await openPortal(customerA);
  await page.locator('nav.sections a::-p-text(Usage)').click();
  await page.waitForSelector('table.usage-table');
  // The CSV export is the table in view, downloaded with the session cookie.
  const csv =
    (await page.evaluate(`fetch(document.querySelector('a[download]').getAttribute('href'))
    .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), head: (await r.text()).split(/\\r?\\n/)[0] }))`)) as {
      status: number;
      type: string;
      head: string;
    };
  expect(csv).toEqual({
    status: 200,
    type: expect.stringContaining('text/csv'),
    head: 'start,end,key,quantity,unit,cost',
  });
  await page.locator('a::-p-text(compute.vm)').click();
  await page.waitForSelector('h1::-p-text(Resources of compute.vm)');
  await page.locator('a::-p-text(vm-web-2)').click();
  await page.waitForSelector('table.runs-table');
  // vm-web-2 ran twice: stopped after 60 hours, started again 40 hours ago and still running.
  const runs = await page.$$eval('table.runs-table tr.run-row', (rows) => rows.length);
  expect(runs).toEqual(2);
  expect(await bodyText(page)).toContain('running');
  const answer = await call(target(), 'GET', `/v1/customers/${customerA}/resources/vm-web-2/runs`);
  expect(answer.body.runs).toHaveLength(2);
  expect(await textOf(page, '[data-testid=resource-total]')).toEqual(
    euro.preciseAmount(answer.body.total.cost),
  );
  await page.browserContext().close();
});

test('an accepted event shows on the open page without a reload', async () => {
  const page = await openPortal(customerA);
  await page.waitForSelector('[data-testid=accrued]');
  await page.waitForSelector('.live-live');
  await page.evaluate('window.__sameDocument = true');
  const before = await textOf(page, '[data-testid=accrued]');
  // 100 GB of egress at 0.01 per GB: exactly 1.00 more.
  const posted = await call(target(), 'POST', '/v1/events', {
    events: [
      {
        id: uniqueId('live'),
        customerId: customerA,
        type: 'usage.recorded',
        timestamp: new Date().toISOString(),
        resourceId: 'vm-web-1',
        meter: 'network.egress',
        quantity: '100000000000',
      },
    ],
  });
  expect(posted.status).toEqual(202);
  await page.waitForFunction(
    `document.querySelector('[data-testid=accrued]')?.textContent !== ${JSON.stringify(before)}`,
    { timeout: 5_000 },
  );
  await waitForText(
    page,
    '[data-testid=accrued]',
    euro.amount((await overview(customerA)).accrued),
  );
  expect(await page.evaluate('window.__sameDocument')).toBe(true);
  await page.browserContext().close();
});

test('the invoice link opens the invoice, and its PDF link answers a PDF with the session cookie', async () => {
  const page = await openPortal(customerA, { next: `/portal/invoices/${invoiceId}` });
  await page.waitForSelector('[data-testid=invoice-total]');
  expect(new URL(page.url()).pathname).toEqual(`/portal/invoices/${invoiceId}`);
  const href = String(
    await page.evaluate(
      `[...document.querySelectorAll('a')].find((a) => a.textContent === 'Download PDF')?.getAttribute('href')`,
    ),
  );
  expect(href).toEqual(`/v1/invoices/${invoiceId}/pdf`);
  const pdf = (await page.evaluate(`fetch(${JSON.stringify(href)}).then(async (r) => ({
    status: r.status, type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) }))`)) as {
    status: number;
    type: string;
    head: string;
  };
  expect(pdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
  await page.browserContext().close();
});

test('an expired session asks to sign in again, and a customer key signs in', async () => {
  const shortLived = await startTestApi(stack.env, stack.database, 'e2e-portal-ui', {
    env: { PORTAL_SESSION_TTL_SECONDS: '3' },
  });
  try {
    const page = await openPortal(customerA, { api: shortLived });
    await page.waitForSelector('nav.sections');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await page.locator('nav.sections a::-p-text(Invoices)').click();
    await page.waitForSelector('h1::-p-text(Session expired)');
    expect(await textOf(page, '[data-testid=signin-reason]')).toEqual(
      'Your session has expired. Sign in again to continue.',
    );

    const key = await call(target(), 'POST', '/v1/api-keys', {
      kind: 'customer',
      customerId: customerA,
    });
    expect(key.status).toEqual(201);
    await page.locator('input[type=password]').fill(key.body.key as string);
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('h1::-p-text(Invoices)');
    await page.browserContext().close();
  } finally {
    await shortLived.close();
  }
});

test("customer A's session opening B's pages sees not found and nothing of B", async () => {
  const page = await openPortal(customerA);
  await page.waitForSelector('nav.sections');
  for (const path of [
    `/portal/customers/${customerB}/`,
    `/portal/customers/${customerB}/invoices`,
  ]) {
    await page.goto(`${stack.api.url}${path}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('h1::-p-text(Not found)');
    const text = await bodyText(page);
    expect(text).not.toContain(B_NAME);
    expect(text).not.toContain(customerB);
  }
  await page.browserContext().close();
});

test('without a session the portal shows the sign-in page', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${stack.api.url}/portal/invoices`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('h1::-p-text(Sign in)', { timeout: UI_TIMEOUT });
  expect(await textOf(page, 'label')).toEqual('API key');
  await context.close();
});

test('an operator signs in with a key, finds a customer and opens its portal view', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${stack.api.url}/portal/`, { waitUntil: 'domcontentloaded' });
  await page.locator('input[type=password]').fill(TEST_OPERATOR_KEY);
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('h1::-p-text(Customers)');
  await page.locator('input[type=search]').fill(customerB);
  await page.locator('button::-p-text(Search)').click();
  await page.waitForFunction(
    `[...document.querySelectorAll('tbody tr')].length === 1 && document.querySelector('tbody')?.textContent.includes(${JSON.stringify(B_NAME)})`,
  );
  await page.locator(`a::-p-text(${B_NAME})`).click();
  await page.waitForSelector('[data-testid=accrued]');
  expect(new URL(page.url()).pathname).toEqual(`/portal/customers/${customerB}/`);
  expect(await textOf(page, '.customer-name')).toEqual(B_NAME);
  await context.close();
});

test('with Temporal unreachable the overview says live usage is unavailable and the rest works', async () => {
  const deadTemporal = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] }),
  });
  const degraded = await startApiWithClient({
    database: stack.database,
    client: deadTemporal,
    taskQueue: 'e2e-portal-ui-degraded',
    logger: testLogger,
    port: 0,
    backdatingWindowSeconds: 7 * 86_400,
    futureToleranceSeconds: 300,
    forwardWindowMs: 20,
  });
  try {
    const page = await openPortal(customerA, { api: degraded });
    await page.waitForSelector('.banner-warn');
    expect(await textOf(page, '.banner-warn')).toContain('Live usage is unavailable right now');
    await page.waitForSelector('[data-testid=accrued]');
    await page.locator('nav.sections a::-p-text(Invoices)').click();
    await page.waitForSelector('a::-p-text(INV-)');
    await page.browserContext().close();
  } finally {
    await degraded.close();
  }
});

/** A fresh browser profile signed in as the operator through the sign-in page. */
async function operatorPortal(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${stack.api.url}/portal/`, { waitUntil: 'domcontentloaded' });
  await page.locator('input[type=password]').fill(TEST_OPERATOR_KEY);
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('h1::-p-text(Customers)');
  return page;
}

test('the invoice page lists its payments and credit notes, oldest first, under the amounts', async () => {
  // Small enough to leave the invoice partly paid for the other tests.
  const paid = await call(target(), 'POST', `/v1/invoices/${invoiceId}/payments`, {
    reference: 'wire-portal-1',
    amount: '1.50',
    receivedAt: '2026-11-02T10:00:00Z',
  });
  expect([200, 201]).toContain(paid.status);
  const invoice = await call(target(), 'GET', `/v1/invoices/${invoiceId}`);
  const lineId = invoice.body.lines[0].lineId as string;
  const note = await call(target(), 'POST', `/v1/invoices/${invoiceId}/credit-notes`, {
    id: uniqueId('cn-portal'),
    reason: 'Portal outage credit',
    lines: [{ lineId, amount: '1.00' }],
  });
  expect(note.status).toEqual(201);
  const payments = await call(target(), 'GET', `/v1/invoices/${invoiceId}/payments`);
  const notes = await call(target(), 'GET', `/v1/invoices/${invoiceId}/credit-notes`);

  const page = await openPortal(customerA, { next: `/portal/invoices/${invoiceId}` });
  await page.waitForSelector('table.settlement-table');
  const rows =
    (await page.evaluate(`[...document.querySelectorAll('table.settlement-table tbody tr')]
    .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))`)) as string[][];
  // The payments (received 2 Nov) come before the credit notes (issued today).
  const expected = [
    ...payments.body.payments.map((p: { reference: string; amount: string }) => [
      'Payment',
      p.reference,
      euro.amount(p.amount),
    ]),
    ...notes.body.creditNotes.map((n: { number: string; appliedToInvoice: string }) => [
      'Credit note',
      n.number,
      euro.amount(n.appliedToInvoice),
    ]),
  ];
  expect(expected).toContainEqual(['Payment', 'wire-portal-1', '€1.50']);
  const reference = (cell: string | undefined) => cell?.split(' · ')[0]?.replace(/ \(PDF\)$/, '');
  expect(rows.map((cells) => [cells[1], reference(cells[2]), cells[3]])).toEqual(expected);
  // Each credit note links to its PDF.
  expect(
    await page.evaluate(
      `[...document.querySelectorAll('table.settlement-table a')].map((a) => a.getAttribute('href'))`,
    ),
  ).toEqual(notes.body.creditNotes.map((n: { id: string }) => `/v1/credit-notes/${n.id}/pdf`));
  expect(await textOf(page, '[data-testid=invoice-paid]')).toEqual(
    euro.amount(invoice.body.amountPaid),
  );
  await page.browserContext().close();
});

test("an operator opening /portal/invoices/<id> sees that customer's invoice; another customer sees not found", async () => {
  const page = await operatorPortal();
  await page.goto(`${stack.api.url}/portal/invoices/${invoiceId}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('[data-testid=invoice-total]');
  expect(new URL(page.url()).pathname).toEqual(
    `/portal/customers/${customerA}/invoices/${invoiceId}`,
  );
  const invoice = await call(target(), 'GET', `/v1/invoices/${invoiceId}`);
  expect(await textOf(page, '[data-testid=invoice-total]')).toEqual(
    euro.amount(invoice.body.total),
  );
  expect(await textOf(page, 'nav.sections a[aria-current=page]')).toEqual('Invoices');
  await page.goto(`${stack.api.url}/portal/invoices/inv-nobody-1`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('h1::-p-text(Not found)');
  await page.browserContext().close();

  const other = await openPortal(customerB);
  await other.waitForSelector('nav.sections');
  await other.goto(`${stack.api.url}/portal/invoices/${invoiceId}`, {
    waitUntil: 'domcontentloaded',
  });
  await other.waitForSelector('h1::-p-text(Not found)');
  const text = await bodyText(other);
  expect(text).not.toContain(invoice.body.number as string);
  expect(new URL(other.url()).pathname).toEqual(`/portal/invoices/${invoiceId}`);
  await other.browserContext().close();
});

interface Focused {
  tag: string;
  text: string;
  href: string | null;
  outlineStyle: string;
  outlineWidth: string;
  focusVisible: boolean;
  /** The ring lies inside every ancestor that clips (overflow other than visible). */
  ringShown: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
      tag: element.tagName,
      text: element.textContent.trim(),
      href: element.getAttribute('href'),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      focusVisible: element.matches(':focus-visible'),
      ringShown: (() => {
        const reach = Math.max(0, parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth));
        const box = element.getBoundingClientRect();
        for (let up = element.parentElement; up; up = up.parentElement) {
          const clip = getComputedStyle(up);
          if (clip.overflowX === 'visible' && clip.overflowY === 'visible') continue;
          const area = up.getBoundingClientRect();
          if (box.top - reach < area.top || box.bottom + reach > area.bottom ||
              box.left - reach < area.left || box.right + reach > area.right) return false;
        }
        return true;
      })(),
    };
  })()`) as Promise<Focused>;

/**
 * Presses Tab until the focused element's text is `text` (at most `max` presses); every stop
 * on the way is a real link or control with a visible focus ring.
 */
async function tabTo(page: Page, text: string | RegExp, max = 40): Promise<Focused> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    expect({
      tag: stop.tag,
      text: stop.text,
      ring: stop.focusVisible && stop.outlineStyle !== 'none',
      ringShown: stop.ringShown,
    }).toEqual({
      tag: expect.stringMatching(/^(A|BUTTON|INPUT|SELECT)$/),
      text: stop.text,
      ring: true,
      ringShown: true,
    });
    expect(parseFloat(stop.outlineWidth)).toBeGreaterThanOrEqual(2);
    if (typeof text === 'string' ? stop.text === text : text.test(stop.text)) return stop;
  }
  throw new Error(`no Tab stop with the text ${String(text)} in ${max} presses`);
}

test('the portal works by keyboard alone: navigation, invoices, an invoice and its PDF link', async () => {
  const page = await openPortal(customerA);
  await page.waitForSelector('[data-testid=accrued]');
  // The first Tab stop is the skip link, shown on focus.
  await page.keyboard.press('Tab');
  expect((await focused(page)).text).toEqual('Skip to content');
  expect(
    await page.evaluate(`document.querySelector('.skip-link').getBoundingClientRect().left >= 0`),
  ).toBe(true);

  await tabTo(page, 'Invoices');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1::-p-text(Invoices)');
  expect(new URL(page.url()).pathname).toEqual('/portal/invoices');
  // Focus moved to the page's content, which is no Tab stop and draws no ring around the page.
  const main = await focused(page);
  expect([main.tag, main.outlineStyle]).toEqual(['MAIN', 'none']);
  expect(await page.evaluate(`getComputedStyle(document.activeElement).boxShadow`)).toEqual('none');

  const number = (await call(target(), 'GET', `/v1/invoices/${invoiceId}`)).body.number as string;
  await tabTo(page, number);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=invoice-total]');
  expect(new URL(page.url()).pathname).toEqual(`/portal/invoices/${invoiceId}`);

  const pdf = await tabTo(page, 'Download PDF');
  expect(pdf.href).toEqual(`/v1/invoices/${invoiceId}/pdf`);
  await page.browserContext().close();
});
