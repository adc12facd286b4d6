/**
 * `npm run bench:portal-live`: event -> visible in a real browser. The real stack (Temporal
 * dev server, PostgreSQL at DATABASE_URL, worker, API) in this process and a headless
 * Chromium showing the portal's overview. Each round posts one egress event (1 GB, 0.01 EUR)
 * and waits until the page's accrued cost changes (a MutationObserver in the page, no
 * reload); the latency runs from the start of the POST to the DOM change, so it includes
 * the ingest round trip, the server push (SSE), the refetch and React's render.
 *
 * Knobs (env): BENCH_ROUNDS (50), BENCH_PAUSE_MS (250 between rounds).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import puppeteer from 'puppeteer-core';
import { portalLink, seedDemoCustomer } from '../portal/demo-data';
import { TEST_OPERATOR_KEY } from '../test/support/http';
import { startTestStack } from '../test/support/stack';
import { percentile } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 250);
const TARGET_MS = 1000;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ACCRUED = '[data-testid=accrued]';

async function main(): Promise<void> {
  const stack = await startTestStack('bench-portal-live');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const target = { url: stack.api.url, operatorKey: TEST_OPERATOR_KEY };
    const customerId = `bench-live-${process.pid}`;
    await seedDemoCustomer(target, { customerId, nowMs: Date.now() });
    const page = await browser.newPage();
    // The link names PUBLIC_BASE_URL; the bench's API listens on a port of its own.
    const link = new URL(await portalLink(target, customerId));
    await page.goto(`${stack.api.url}${link.pathname}${link.search}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector(ACCRUED, { timeout: 30_000 });
    await page.waitForSelector('.live-live', { timeout: 30_000 });
    await page.evaluate('window.__sameDocument = true');

    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = String(
        await page.evaluate(
          `document.querySelector(${JSON.stringify(ACCRUED)})?.textContent ?? ''`,
        ),
      );
      const changed = page.waitForFunction(
        `document.querySelector(${JSON.stringify(ACCRUED)})?.textContent !== ${JSON.stringify(before)}`,
        { polling: 'mutation', timeout: 10_000 },
      );
      const started = performance.now();
      const response = await fetch(`${stack.api.url}/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_OPERATOR_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          events: [
            {
              id: `live-${round}`,
              customerId,
              type: 'usage.recorded',
              timestamp: new Date().toISOString(),
              resourceId: 'vm-web-1',
              meter: 'network.egress',
              quantity: '1000000000',
            },
          ],
        }),
      });
      if (response.status !== 202) throw new Error(`POST /v1/events: ${response.status}`);
      await changed;
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    if ((await page.evaluate('window.__sameDocument')) !== true)
      throw new Error('the page reloaded');

    const fixed = (ms: number) => ms.toFixed(0);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      JSON.stringify({
        bench: 'portal-live',
        machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}`,
        rounds: ROUNDS,
        p50Ms: Number(fixed(p50)),
        p90Ms: Number(fixed(percentile(latencies, 90))),
        p99Ms: Number(fixed(p99)),
        minMs: Number(fixed(Math.min(...latencies))),
        maxMs: Number(fixed(Math.max(...latencies))),
        targetMs: TARGET_MS,
      }),
    );
    console.log(
      `event -> visible in the browser: p50 ${fixed(p50)} ms, p99 ${fixed(p99)} ms over ${ROUNDS} events ` +
        `(target ${TARGET_MS} ms: ${p99 <= TARGET_MS ? 'met' : 'MISSED'})`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
