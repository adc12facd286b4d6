import type { Browser, Page } from 'puppeteer-core';
import { BillingError } from '../../domain/errors';
import type { Metrics } from '../../services/metrics';
import { launchChromium } from './launch-chromium';
import { createLeasePermits } from './lease-permits';

/** The part of a pino logger the pool uses. */
export interface PoolLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface BrowserPoolOptions {
  /** Chromium binary (config: CHROMIUM_PATH, default /usr/bin/chromium). */
  executablePath: string;
  /** Number of Chromium processes. */
  size: number;
  /**
   * Pages rendering at once in each browser; the pool's concurrency is size x this.
   * Default 2: rendering is CPU-bound (layout in the renderer, PDF serialization in the
   * browser process), so on a 2-core host one browser with two pages keeps both cores busy
   * while one page lays out and the other is written; more pages only queue on the CPU and
   * each costs a renderer (~40 MB). A second browser adds no core but ~300 MB (measured
   * PSS of an idle Chromium 156: browser 130, network 40, GPU 35, zygotes 35, renderers).
   */
  pagesPerBrowser?: number;
  logger?: PoolLogger;
  /** Render latency and the number of leases waiting for a page. */
  metrics?: Pick<Metrics, 'pdfRender' | 'pdfQueueLength'>;
}

/**
 * A page renders this many documents before it is closed and replaced: reuse saves a new
 * renderer per PDF (about 70 ms of Chromium CPU each, measured), recycling bounds whatever
 * a long-lived renderer might accumulate. A reused page is not navigated back to
 * about:blank in between: that navigation cost 25 ms a document, almost half of a one-page
 * invoice's render (58 -> 33 ms, measured 2026-11-27), and the next setContent replaces the
 * document anyway (test/pdf/render-pdf.test.ts checks the bytes do not change).
 */
export const PAGE_USES = 50;

export interface BrowserPool {
  /**
   * Runs `fn` with a page in one of the pool's browsers, waiting for a free slot when all
   * are busy. Pages are reused: after a lease that succeeded the page is kept for the next
   * one as it is, still showing its document (up to PAGE_USES; `fn` replaces the content);
   * after a failure it is closed. Launches the browser on first use and relaunches
   * one that crashed or disconnected; a lease that was running in a browser when it died
   * fails (the activity retries it).
   */
  withPage<T>(fn: (page: Page) => Promise<T>): Promise<T>;
  /** Closes every browser; idempotent. Leases still waiting fail with browser_pool_closed. */
  close(): Promise<void>;
  readonly logger: PoolLogger | undefined;
}

interface Slot {
  index: number;
  active: number;
  browser: Promise<Browser> | undefined;
  /** Pages of the slot's browser that served well, ready for the next lease. */
  idle: { browser: Browser; page: Page; uses: number }[];
}

export function createBrowserPool(options: BrowserPoolOptions): BrowserPool {
  const { executablePath, size, logger, metrics } = options;
  const pagesPerBrowser = options.pagesPerBrowser ?? 2;
  if (
    !Number.isInteger(size) ||
    size < 1 ||
    !Number.isInteger(pagesPerBrowser) ||
    pagesPerBrowser < 1
  ) {
    throw new RangeError(
      `browser pool needs whole numbers >= 1, got size ${size} x ${pagesPerBrowser}`,
    );
  }
  const slots: Slot[] = Array.from({ length: size }, (_, index) => ({
    index,
    active: 0,
    browser: undefined,
    idle: [],
  }));
  const permits = createLeasePermits(size * pagesPerBrowser);
  let closing: Promise<void> | undefined;
  /** Leases waiting for a permit (the queue-length gauge). */
  let queued = 0;

  const closedError = () =>
    new BillingError('browser_pool_closed', 'the PDF browser pool is shut down', {
      retryable: true,
    });

  function launchInto(slot: Slot): Promise<Browser> {
    if (closing) return Promise.reject(closedError());
    const launching = launchChromium(executablePath).then((browser) => {
      browser.once('disconnected', () => {
        if (slot.browser === launching) slot.browser = undefined;
        if (!closing)
          logger?.warn({ slot: slot.index }, 'chromium disconnected; relaunching on next lease');
      });
      logger?.info({ slot: slot.index, pid: browser.process()?.pid }, 'chromium launched');
      return browser;
    });
    slot.browser = launching;
    launching.catch(() => {
      if (slot.browser === launching) slot.browser = undefined;
    });
    return launching;
  }

  /**
   * A new page in the slot's live browser. A browser found dead (or dying under newPage:
   * the disconnect event can trail the crash) is replaced once; a second failure fails
   * the lease.
   */
  async function openPage(slot: Slot): Promise<{ browser: Browser; page: Page }> {
    for (let attempt = 1; ; attempt += 1) {
      const pending = slot.browser ?? launchInto(slot);
      const browser = await pending;
      if (browser.connected) {
        try {
          return { browser, page: await browser.newPage() };
        } catch (error) {
          if (browser.connected || attempt === 2) throw error;
        }
      } else if (attempt === 2) {
        throw new Error(`chromium in pool slot ${slot.index} disconnected right after launch`);
      }
      if (slot.browser === pending) slot.browser = undefined;
      browser.process()?.kill('SIGKILL');
    }
  }

  /** Spreads leases over browsers, so a crash takes down as few renders as possible. */
  function leastBusySlot(): Slot {
    return slots.reduce((best, slot) => (slot.active < best.active ? slot : best));
  }

  /** An idle page of the slot's current, live browser; stale ones are dropped. */
  async function leasePage(slot: Slot): Promise<{ browser: Browser; page: Page; uses: number }> {
    const current = await slot.browser?.catch(() => undefined);
    for (let entry = slot.idle.pop(); entry; entry = slot.idle.pop()) {
      if (entry.browser === current && entry.browser.connected && !entry.page.isClosed()) {
        return entry;
      }
    }
    return { ...(await openPage(slot)), uses: 0 };
  }

  /** Keeps a page that served well for the next lease; closes it otherwise. */
  async function releasePage(
    slot: Slot,
    lease: { browser: Browser; page: Page; uses: number },
    succeeded: boolean,
  ): Promise<void> {
    if (!lease.browser.connected) return;
    const uses = lease.uses + 1;
    if (succeeded && uses < PAGE_USES && !closing && !lease.page.isClosed()) {
      slot.idle.push({ ...lease, uses });
      return;
    }
    await lease.page
      .close()
      .catch((error: unknown) => logger?.warn({ err: error }, 'page did not close'));
  }

  async function closeSlot(slot: Slot): Promise<void> {
    const pending = slot.browser;
    slot.browser = undefined;
    slot.idle = [];
    const browser = await pending?.catch(() => undefined);
    if (!browser?.connected) return;
    await browser.close().catch((error: unknown) => {
      logger?.warn({ slot: slot.index, err: error }, 'chromium did not close cleanly; killing it');
      browser.process()?.kill('SIGKILL');
    });
  }

  return {
    logger,
    async withPage(fn) {
      if (closing) throw closedError();
      queued += 1;
      metrics?.pdfQueueLength(queued);
      try {
        await permits.acquire();
      } finally {
        queued -= 1;
        metrics?.pdfQueueLength(queued);
      }
      const slot = leastBusySlot();
      slot.active += 1;
      try {
        const lease = await leasePage(slot);
        let succeeded = false;
        try {
          const started = process.hrtime.bigint();
          const result = await fn(lease.page);
          metrics?.pdfRender(Number(process.hrtime.bigint() - started) / 1e9);
          succeeded = true;
          return result;
        } finally {
          await releasePage(slot, lease, succeeded);
        }
      } finally {
        slot.active -= 1;
        permits.release();
      }
    },
    close() {
      closing ??= (async () => {
        permits.rejectWaiting(closedError());
        await Promise.all(slots.map(closeSlot));
      })();
      return closing;
    },
  };
}
