import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { call as callApi, portalLink, seedDemoCustomer } from '../../portal/demo-data';
import { uniqueId } from '../fixtures/builders';
import { TEST_OPERATOR_KEY } from '../support/http';
import { CHROMIUM_PATH } from '../pdf/pdf-tools';
import { startTestStack, type TestStack } from '../support/stack';

/** The portal's Usage page of a customer with projects, in a real Chromium on the real stack. */
let stack: TestStack;
let browser: Browser;
const customerId = uniqueId('cus-portal-projects');
const H = 3_600_000;
const UI_TIMEOUT = 20_000;
const target = () => ({ url: stack.api.url, operatorKey: TEST_OPERATOR_KEY });
const call = (...args: Parameters<typeof callApi>) =>
  callApi(...args) as Promise<{ status: number; body: any }>;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startTestStack('e2e-portal-usage-projects'),
    puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    }),
  ]);
  const nowMs = Date.now();
  await seedDemoCustomer(target(), { customerId, nowMs, withUsage: false });
  for (const [id, name] of [
    ['web', 'Web shop'],
    ['data', 'Data platform'],
  ]) {
    const created = await call(target(), 'POST', `/v1/customers/${customerId}/projects`, {
      id,
      name,
    });
    expect(created.status).toEqual(201);
  }
  const started = (id: string, resourceId: string, projectId: string) => ({
    id,
    customerId,
    type: 'resource.started',
    timestamp: new Date(nowMs - 2 * H).toISOString(),
    resourceId,
    meter: 'compute.vm',
    dimensions: { flavor: 'm1.small' },
    projectId,
  });
  const sent = await call(target(), 'POST', '/v1/events', {
    events: [started('e1', 'vm-web', 'web'), started('e2', 'vm-data', 'data')],
  });
  expect(sent.status).toEqual(202);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openUsage(query: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  const link = new URL(await portalLink(target(), customerId));
  await page.goto(`${stack.api.url}${link.pathname}${link.search}${link.hash}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('nav.sections');
  await page.goto(`${stack.api.url}/portal/usage${query}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('table.usage-table');
  return page;
}

/** The group keys of the figures table's period totals (each row's first data cell). */
const tableKeys = async (page: Page): Promise<string[]> =>
  (await page.evaluate(
    `[...document.querySelectorAll('table.usage-table tfoot tr')].map((row) => row.querySelector('td')?.textContent ?? '')`,
  )) as string[];

test('a customer with projects stacks usage by project and narrows it to one', async () => {
  const page = await openUsage('?groupBy=project');
  const stackBy = (await page.evaluate(
    `[...document.querySelectorAll('select')].map((s) => [...s.options].map((o) => o.value))`,
  )) as string[][];
  expect(stackBy).toContainEqual(['meter', 'resource', 'project']);
  // The project filter: every project of the customer, by id.
  expect(stackBy).toContainEqual(['', 'data', 'web']);
  await page.waitForFunction(
    `document.querySelectorAll('table.usage-table tfoot tr').length === 2`,
  );
  expect(await tableKeys(page)).toEqual(['data', 'web']);

  const projectSelect = (await page.evaluateHandle(
    `[...document.querySelectorAll('select')].find((s) => [...s.options].some((o) => o.value === 'web'))`,
  )) as unknown as { select(value: string): Promise<string[]> };
  await projectSelect.select('web');
  await page.waitForFunction(`location.search.includes('projectId=web')`);
  await page.waitForFunction(
    `document.querySelectorAll('table.usage-table tfoot tr').length === 1`,
  );
  expect(await tableKeys(page)).toEqual(['web']);
  await page.browserContext().close();
});
