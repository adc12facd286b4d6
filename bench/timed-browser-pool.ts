import { performance } from 'node:perf_hooks';
import type { BrowserPool } from '../adapters/pdf';

export interface PdfTimes {
  renders: number;
  /** Sum over leases of the time inside `fn`: load the HTML, print it to PDF. */
  renderMs: number;
  /** Sum over leases of the page close after `fn`. */
  closeMs: number;
  /** Sum over leases of the time before `fn`: waiting for a free page, then opening it. */
  queueAndOpenMs: number;
}

/**
 * The same pool, timed: each withPage lease is split into queue + open, render and close.
 * Renders that fail count too.
 */
export function timeBrowserPool(pool: BrowserPool): { pool: BrowserPool; times: PdfTimes } {
  const times: PdfTimes = { renders: 0, renderMs: 0, closeMs: 0, queueAndOpenMs: 0 };
  return {
    times,
    pool: {
      logger: pool.logger,
      close: () => pool.close(),
      async withPage(fn) {
        const asked = performance.now();
        let rendered = asked;
        const result = await pool.withPage(async (page) => {
          const start = performance.now();
          times.queueAndOpenMs += start - asked;
          try {
            return await fn(page);
          } finally {
            rendered = performance.now();
            times.renders += 1;
            times.renderMs += rendered - start;
          }
        });
        times.closeMs += performance.now() - rendered;
        return result;
      },
    },
  };
}
