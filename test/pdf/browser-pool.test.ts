import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { Browser, Page } from 'puppeteer-core';
import { createBrowserPool, type BrowserPool, type PoolLogger } from '../../adapters/pdf';
import { CHROMIUM_PATH } from './pdf-tools';

const LAUNCH_TIMEOUT_MS = 120_000;

/** A PoolLogger that keeps what was logged. */
function recordingLogger(): PoolLogger & { messages: string[] } {
  const messages: string[] = [];
  return {
    messages,
    info: (_, message) => messages.push(message),
    warn: (_, message) => messages.push(message),
  };
}

/** The pid of the Chromium that served a lease, and the Browser itself. */
async function leaseBrowser(pool: BrowserPool): Promise<{ pid: number; browser: Browser }> {
  return pool.withPage((page) => {
    const browser = page.browser();
    return Promise.resolve({ pid: browser.process()?.pid ?? -1, browser });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let tries = 0; tries < 100 && isRunning(pid); tries += 1) await sleep(50);
}

describe('createBrowserPool', () => {
  const pools: BrowserPool[] = [];
  const pool = (options: Partial<Parameters<typeof createBrowserPool>[0]> = {}): BrowserPool => {
    const created = createBrowserPool({ executablePath: CHROMIUM_PATH, size: 1, ...options });
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((each) => each.close()));
  });

  it.each([
    [{ size: 1, pagesPerBrowser: 2 }, 2, 1],
    [{ size: 2, pagesPerBrowser: 1 }, 2, 2],
    [{ size: 1, pagesPerBrowser: 3 }, 3, 1],
  ])(
    'with %p runs at most %p leases at once, in %p browser(s), and queues the rest',
    async (options, concurrency, browsers) => {
      const pagePool = pool(options);
      let running = 0;
      let peak = 0;
      const pids = await Promise.all(
        Array.from({ length: 7 }, () =>
          pagePool.withPage(async (page) => {
            running += 1;
            peak = Math.max(peak, running);
            await sleep(150);
            running -= 1;
            return page.browser().process()?.pid;
          }),
        ),
      );
      expect(peak).toBe(concurrency);
      expect(new Set(pids).size).toBe(browsers);
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'reuses the browser across leases, and a page across leases that succeeded',
    async () => {
      const pagePool = pool();
      const first = await pagePool.withPage(async (page) => {
        await page.setContent('<p>first</p>');
        return page.browser().process()?.pid;
      });
      const second = await pagePool.withPage(async (page) => ({
        pid: page.browser().process()?.pid,
        pages: (await page.browser().pages()).length,
      }));
      expect(second).toEqual({ pid: first, pages: 2 });
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'reuses a page after a lease that succeeded, as it is; closes one whose lease failed',
    async () => {
      const pagePool = pool({ pagesPerBrowser: 1 });
      const first = await pagePool.withPage(async (page) => {
        await page.setContent('<p>first</p>');
        return page;
      });
      const second = await pagePool.withPage(async (page) => ({
        same: page === first,
        html: await page.content(),
      }));
      // Not navigated in between (that cost half a render): the next setContent replaces it.
      expect(second).toEqual({
        same: true,
        html: '<html><head></head><body><p>first</p></body></html>',
      });
      let failed: Page | undefined;
      await expect(
        pagePool.withPage((page) => {
          failed = page;
          return Promise.reject(new Error('render failed'));
        }),
      ).rejects.toThrow('render failed');
      expect(failed === first && first.isClosed()).toBe(true);
      const third = await pagePool.withPage((page) => Promise.resolve(page === first));
      expect(third).toBe(false);
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'replaces a browser that died between leases without failing the next lease',
    async () => {
      const logger = recordingLogger();
      const pagePool = pool({ logger });
      const before = await leaseBrowser(pagePool);
      const disconnected = new Promise((resolve) => before.browser.once('disconnected', resolve));
      process.kill(before.pid, 'SIGKILL');
      await disconnected;
      const after = await leaseBrowser(pagePool);
      expect(after.pid).not.toBe(before.pid);
      expect(isRunning(after.pid)).toBe(true);
      expect(logger.messages).toEqual([
        'chromium launched',
        'chromium disconnected; relaunching on next lease',
        'chromium launched',
      ]);
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'fails the lease running in a browser that crashes, then recovers',
    async () => {
      const pagePool = pool();
      const crashed = pagePool.withPage(async (page) => {
        page.browser().process()?.kill('SIGKILL');
        await sleep(200);
        return page.setContent('<p>never rendered</p>');
      });
      await expect(crashed).rejects.toThrow();
      const text = await pagePool.withPage(async (page) => {
        await page.setContent('<p>recovered</p>');
        return page.content();
      });
      expect(text).toBe('<html><head></head><body><p>recovered</p></body></html>');
    },
    LAUNCH_TIMEOUT_MS,
  );

  it('launches nothing until the first lease, and a launch failure fails only that lease', async () => {
    const broken = pool({ executablePath: '/nonexistent/chromium' });
    await expect(leaseBrowser(broken)).rejects.toThrow(/nonexistent/);
    await expect(leaseBrowser(broken)).rejects.toThrow(/nonexistent/);
    await broken.close();
  });

  it(
    'closes its browsers once, however often close() is called, and refuses later leases',
    async () => {
      const pagePool = pool({ size: 2, pagesPerBrowser: 1 });
      const pids = await Promise.all([leaseBrowser(pagePool), leaseBrowser(pagePool)]);
      await Promise.all([pagePool.close(), pagePool.close()]);
      await pagePool.close();
      await Promise.all(pids.map(({ pid }) => waitUntilGone(pid)));
      expect(pids.map(({ pid }) => isRunning(pid))).toEqual([false, false]);
      await expect(leaseBrowser(pagePool)).rejects.toMatchObject({
        code: 'browser_pool_closed',
        retryable: true,
      });
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'fails leases still waiting for a page when the pool closes',
    async () => {
      const pagePool = pool({ pagesPerBrowser: 1 });
      let releaseHolder = (): void => undefined;
      let holderHasPage = (): void => undefined;
      const holderStarted = new Promise<void>((resolve) => (holderHasPage = resolve));
      const holding = pagePool.withPage(() => {
        holderHasPage();
        return new Promise<string>((resolve) => (releaseHolder = () => resolve('held')));
      });
      await holderStarted;
      const waiting = pagePool.withPage(() => Promise.resolve('ran'));
      const waitingFails = expect(waiting).rejects.toMatchObject({ code: 'browser_pool_closed' });
      await pagePool.close();
      await waitingFails;
      releaseHolder();
      await expect(holding).resolves.toBe('held');
    },
    LAUNCH_TIMEOUT_MS,
  );

  it(
    'accepts a pino logger',
    async () => {
      const pagePool = pool({ logger: pino({ level: 'silent' }) });
      expect((await leaseBrowser(pagePool)).pid).toBeGreaterThan(0);
    },
    LAUNCH_TIMEOUT_MS,
  );

  it.each([[{ size: 0 }], [{ size: 1.5 }], [{ size: 1, pagesPerBrowser: 0 }]])(
    'rejects the impossible shape %p',
    (options) => {
      expect(() => createBrowserPool({ executablePath: CHROMIUM_PATH, ...options })).toThrow(
        RangeError,
      );
    },
  );
});
