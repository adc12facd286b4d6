import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { call as callApi, portalLink, seedDemoCustomer } from '../../portal/demo-data';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { TEST_OPERATOR_KEY } from '../support/http';
import { CHROMIUM_PATH } from '../pdf/pdf-tools';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Budgets in the portal, in a real Chromium on the real stack. Hand-computed: egress at
 * 0.01 per GB (demo plan), 850 GB in project "web" -> 8.50 accrued. The project budget
 * "web-monthly" of 10.00 with thresholds [50, 80, 100] stands at 8.50 / 10.00 = 85 %:
 * 50 (5.00) and 80 (8.00) crossed, 100 (10.00) not. The account budget "account" of 50.00
 * with [80, 100] stands at 8.50 / 50.00 = 17 %: nothing crossed.
 */
let stack: TestStack;
let browser: Browser;
const customerId = uniqueId('cus-portal-budgets');
const UI_TIMEOUT = 20_000;
const DAY_MS = 24 * 3_600_000;
const target = () => ({ url: stack.api.url, operatorKey: TEST_OPERATOR_KEY });
const call = (...args: Parameters<typeof callApi>) =>
  callApi(...args) as Promise<{ status: number; body: any }>;
let projectKey: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startTestStack('e2e-portal-budgets'),
    puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    }),
  ]);
  const nowMs = Date.now();
  // Monthly periods anchored 10 days before now, so the egress (stamped a minute ago) and the
  // whole file fall inside one period whenever it runs. On calendar months (Europe/Berlin)
  // the file failed in the first minute of a month: the egress landed in the month before,
  // the current period's spend stayed 0.00 and no threshold was crossed; in the last
  // minutes of a month the period could also turn while the file ran.
  await seedDemoCustomer(target(), {
    customerId,
    nowMs,
    withUsage: false,
    billingAnchorMs: nowMs - 10 * DAY_MS,
  });
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
  for (const body of [
    { id: 'web-monthly', projectId: 'web', amount: '10.00', thresholds: [50, 80, 100] },
    { id: 'account', amount: '50.00', thresholds: [80, 100] },
  ]) {
    const created = await call(target(), 'POST', `/v1/customers/${customerId}/budgets`, {
      ...body,
      basis: 'accrued',
    });
    expect([created.status, created.body.current]).toEqual([201, null]);
  }
  const key = await call(target(), 'POST', '/v1/api-keys', {
    kind: 'project',
    customerId,
    projectId: 'web',
  });
  expect(key.status).toEqual(201);
  projectKey = key.body.key as string;
  const sent = await call(target(), 'POST', '/v1/events', {
    events: [
      {
        id: 'egress-1',
        customerId,
        type: 'usage.recorded',
        timestamp: new Date(nowMs - 60_000).toISOString(),
        resourceId: 'vm-web-1',
        meter: 'network.egress',
        quantity: String(850 * 1_000_000_000),
        projectId: 'web',
      },
    ],
  });
  expect(sent.status).toEqual(202);
  // The workflow checks budgets within seconds of the usage (BUDGET_CHECK_MS).
  await eventually(
    async () =>
      (await call(target(), 'GET', `/v1/customers/${customerId}/budgets`)).body as {
        data: { id: string; alerts: unknown[] }[];
      },
    (body: { data: { id: string; alerts: unknown[] }[] }) =>
      body.data.find((b) => b.id === 'web-monthly')?.alerts.length === 2,
    60_000,
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** PORTAL_SCREENSHOTS_DIR: where to keep pictures of the pages, to look at them. */
async function shoot(page: Page, file: string): Promise<void> {
  const dir = process.env.PORTAL_SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, file), fullPage: true });
}

async function customerSession(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  const link = new URL(await portalLink(target(), customerId));
  await page.goto(`${stack.api.url}${link.pathname}${link.search}${link.hash}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('nav.sections');
  return page;
}

/** Signs in on the portal's sign-in page with the project key (POST /portal/session). */
async function projectSession(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${stack.api.url}/portal/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('input');
  await page.type('input', projectKey);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav.sections');
  return page;
}

const texts = (page: Page, selector: string): Promise<string[]> =>
  page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`,
  ) as Promise<string[]>;

const navLabels = (page: Page) => texts(page, 'nav.sections a');
const bodyText = (page: Page): Promise<string> =>
  page.evaluate('document.body.innerText') as Promise<string>;

/** The text of the card of one budget, by selector inside it. */
const inBudget = (page: Page, id: string, selector: string) =>
  texts(page, `[data-budget="${id}"] ${selector}`);

test('GET budgets carries the current spend the alerts measure', async () => {
  const answer = await call(target(), 'GET', `/v1/customers/${customerId}/budgets`);
  expect(answer.status).toEqual(200);
  const byId = new Map(
    (answer.body.data as { id: string; current: unknown; alerts: { threshold: number }[] }[]).map(
      (b) => [b.id, b],
    ),
  );
  expect(byId.get('web-monthly')?.current).toEqual({
    periodStart: expect.any(String),
    periodEnd: expect.any(String),
    spent: '8.50',
    percent: '85.0',
  });
  expect(
    byId
      .get('web-monthly')
      ?.alerts.map((a) => a.threshold)
      .sort(),
  ).toEqual([50, 80]);
  expect(byId.get('account')?.current).toMatchObject({ spent: '8.50', percent: '17.0' });
  const one = await call(target(), 'GET', `/v1/customers/${customerId}/budgets/web-monthly`);
  expect([one.status, one.body.current?.percent]).toEqual([200, '85.0']);
});

test('the Budgets page shows spend, the bar and the thresholds crossed this period', async () => {
  const page = await customerSession();
  expect(await navLabels(page)).toEqual([
    'Overview',
    'Usage',
    'Resources',
    'Invoices',
    'Budgets',
    'Credits',
  ]);
  await page.click('nav.sections a[href$="/budgets"]');
  await page.waitForSelector('[data-budget="web-monthly"] [data-testid="budget-crossed"]');
  expect(await texts(page, '[data-budget] h2')).toEqual(['account', 'web-monthly']);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-scope"]')).toEqual([
    'Project Web shop',
  ]);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-amount"]')).toEqual(['€10.00']);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-spent"]')).toEqual([
    '€8.50 of €10.00 (85\u00a0%)',
  ]);
  const crossed = await inBudget(page, 'web-monthly', '[data-testid="budget-crossed"]');
  expect(crossed).toHaveLength(2);
  expect(crossed[0]).toMatch(/^50\u00a0% passed on .+ at €[0-9.]+$/);
  expect(crossed[1]).toMatch(/^80\u00a0% passed on .+ at €8\.50$/);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-pending"]')).toEqual([
    '100\u00a0% not reached',
  ]);
  // The bar: filled to 85 % of its width, three marks, two of them reached.
  const bar = (await page.evaluate(`(() => {
    const card = document.querySelector('[data-budget="web-monthly"]');
    const bar = card.querySelector('.budget-bar');
    const fill = card.querySelector('.budget-bar-fill');
    return {
      now: bar.getAttribute('aria-valuenow'),
      fill: Math.round((fill.getBoundingClientRect().width / bar.clientWidth) * 100),
      marks: [...card.querySelectorAll('.budget-mark')].map((m) => m.className),
    };
  })()`)) as { now: string; fill: number; marks: string[] };
  expect(bar).toEqual({
    now: '85',
    fill: 85,
    marks: ['budget-mark budget-mark-reached', 'budget-mark budget-mark-reached', 'budget-mark'],
  });
  expect(await inBudget(page, 'account', '[data-testid="budget-scope"]')).toEqual([
    'Whole account',
  ]);
  expect(await inBudget(page, 'account', '[data-testid="budget-spent"]')).toEqual([
    '€8.50 of €50.00 (17\u00a0%)',
  ]);
  expect(await inBudget(page, 'account', '[data-testid="budget-crossed"]')).toEqual([]);
  await shoot(page, 'budgets-customer.png');
  await page.browserContext().close();
});

test('the overview shows a banner for the threshold crossed, linking to Budgets', async () => {
  const page = await customerSession();
  await page.waitForSelector('[data-testid="budget-banner"]');
  const banner = (await texts(page, '[data-testid="budget-banner"] li'))[0] ?? '';
  expect(banner).toMatch(/^Budget ‘web-monthly’ passed 80\u00a0% on \d{1,2} \w{3} \d{4}\.$/);
  expect(await texts(page, '[data-testid="budget-banner"] li')).toHaveLength(1);
  await shoot(page, 'overview-banner.png');
  await page.click('[data-testid="budget-banner"] a');
  await page.waitForSelector('[data-budget="web-monthly"]');
  expect(new URL(page.url()).pathname).toEqual('/portal/budgets');
  await page.browserContext().close();
});

test('a project session sees its budgets and no errors; account pages say so plainly', async () => {
  const page = await projectSession();
  expect(await texts(page, '[data-testid="project-scope"]')).toEqual(['project web']);
  expect(await navLabels(page)).not.toContain('Credits');
  expect(await navLabels(page)).toContain('Budgets');
  // Home: the overview, or where it is not answered for a project, a plain statement.
  await page.waitForSelector('.figures, [data-testid="not-for-project"]');
  expect(await page.$('.state-error')).toBeNull();
  // Its budget's threshold is on its first page either way.
  await page.waitForSelector('[data-testid="budget-banner"]');
  expect(await texts(page, '[data-testid="budget-banner"] li')).toEqual([
    expect.stringMatching(/^Budget ‘web-monthly’ passed 80\u00a0% on /),
  ]);
  await shoot(page, 'project-home.png');

  await page.click('nav.sections a[href$="/budgets"]');
  await page.waitForSelector('[data-budget="web-monthly"] [data-testid="budget-crossed"]');
  expect(await texts(page, '[data-budget] h2')).toEqual(['web-monthly']);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-spent"]')).toEqual([
    '€8.50 of €10.00 (85\u00a0%)',
  ]);
  expect(await inBudget(page, 'web-monthly', '[data-testid="budget-crossed"]')).toHaveLength(2);
  expect(await page.$('.state-error')).toBeNull();
  await shoot(page, 'project-budgets.png');

  // Every page the navigation offers answers without an error.
  for (const [section, ready] of [
    ['usage', 'table.usage-table'],
    ['resources', 'table, .state-empty'],
    ['invoices', 'table, .state-empty'],
    // Runs are read account-wide (404 to a project key): a statement instead.
    ['resources/vm-web-1', '[data-testid="not-for-project"]'],
  ] as const) {
    await page.goto(`${stack.api.url}/portal/${section}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(ready);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await shoot(page, `project-${section.replace('/', '-')}.png`);
    expect([section, await page.$('.state-error')]).toEqual([section, null]);
  }

  // The credit balance is the account's: a typed URL gets a statement, not an error.
  await page.goto(`${stack.api.url}/portal/credits`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid="not-for-project"]');
  expect(await bodyText(page)).toContain('not available for a project session');
  expect(await page.$('.state-error')).toBeNull();
  await page.browserContext().close();
});
