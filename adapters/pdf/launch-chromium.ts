import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * The PDF's /Creator field is the browser's user agent. A fixed name keeps the Chromium
 * version (and the host OS) out of invoices, so a Chromium patch update does not change
 * that field.
 */
export const PDF_CREATOR = 'usage-billing-engine';

/**
 * Flags on top of puppeteer's defaults (which already disable background networking,
 * sync, extensions, crash reporting and force the sRGB colour profile).
 * - `--no-sandbox`: the worker runs as an unprivileged container user without user
 *   namespaces; the HTML is our own, rendered offline with scripts disabled.
 * - `--disable-gpu`, `--disable-dev-shm-usage`: no GPU in servers; Docker's 64 MB /dev/shm
 *   is too small for large documents, so Chromium writes shared memory to /tmp.
 * - `--font-render-hinting=none`: glyph advances without hinting do not depend on the
 *   host's fontconfig settings, so text positions (and bytes) match across machines.
 * - `--no-first-run`, `--no-default-browser-check`, `--disable-component-update`,
 *   `--disable-domain-reliability`: no first-run work or phone-home at startup.
 * - `--user-agent`: see PDF_CREATOR.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-component-update',
  '--disable-domain-reliability',
  `--user-agent=${PDF_CREATOR}`,
];

/** CDP calls (page.pdf of a long document on a busy 2-core host included) fail after this. */
const PROTOCOL_TIMEOUT_MS = 120_000;

/**
 * Launches one headless Chromium. `pipe: true` talks CDP over the child's stdio instead of
 * a TCP port, so no port is opened and Chromium exits by itself when the worker process
 * dies (a crashed worker leaves no orphan browser). Puppeteer's signal handlers are off:
 * they would kill the browser and call process.exit() on SIGINT/SIGTERM, bypassing the
 * worker's graceful shutdown, which closes the pool itself.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    args: [...CHROMIUM_ARGS],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
  });
}
