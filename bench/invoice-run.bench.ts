/**
 * `npm run bench:invoice-run`: N customers (1,000) whose daily periods all end at the same
 * instant T, each invoice going rate -> draft -> finalize -> HTML + UBL + PDF -> email ->
 * webhook -> ERP on the real stack: PostgreSQL (DATABASE_URL), the Temporal dev server, the
 * worker (with the outbox relay) and the API in this process, Chromium for the PDFs, and
 * the local fakes of Resend, the ERP and a webhook receiver. Measures from T to the last
 * ERP record; BENCHMARKS.md records the figures.
 *
 * Knobs: the customer count as first argument or INVOICE_RUN_CUSTOMERS (1000);
 * INVOICE_RUN_LEAD_SECONDS (time from start to T, default 45 s + 0.06 s per customer);
 * INVOICE_RUN_MAX_ACTIVITIES / INVOICE_RUN_MAX_WORKFLOW_TASKS (the worker's
 * maxConcurrentActivityTaskExecutions / maxConcurrentWorkflowTaskExecutions, SDK defaults
 * 100 / 40); INVOICE_RUN_MAX_CACHED_WORKFLOWS (the worker's workflow cache, SDK default
 * about 2,300 at a 4 GiB heap); INVOICE_RUN_PDF_BROWSERS (1) and INVOICE_RUN_PDF_PAGES (2 pages per browser,
 * as the worker's defaults); INVOICE_RUN_TIMEOUT_SECONDS (900).
 */
import os from 'node:os';
import { createBrowserPool } from '../adapters/pdf';
import { startApi } from '../runtime/start-api';
import { startWorker } from '../runtime/start-worker';
import postgres from 'postgres';
import { startDeliveryFakes, TEST_ISSUER } from '../test/support/delivery';
import { startWebhookReceiver } from '../test/support/fakes/webhook-receiver';
import { createTestDatabase } from '../test/support/postgres';
import { bundleWorkflows, createTestRuntime, testConfig } from '../test/support/stack';
import { createDevServerEnv } from '../test/support/temporal';
import { describeActivityTimes, timeActivities, type ActivityTimes } from './activity-timer';
import { measureBareRender } from './bare-render';
import { takeCpuSnapshot } from './cpu-sampler';
import { trackDeliveries } from './delivery-tracker';
import {
  createBenchCustomer,
  createBenchPlan,
  postBenchUsage,
  registerWebhookEndpoint,
} from './invoice-run-setup';
import {
  describeCpu,
  openProgressReader,
  startProgressLog,
  type StoredProgress,
} from './invoice-run-progress';
import { reportInvoiceRun } from './invoice-run-report';
import { runPool } from './stats';
import { timeBrowserPool } from './timed-browser-pool';

const env = process.env;
const optionalNumber = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : Number(value);
const CUSTOMERS = Number(process.argv[2] ?? env.INVOICE_RUN_CUSTOMERS ?? 1000);
const LEAD_SECONDS = Number(env.INVOICE_RUN_LEAD_SECONDS ?? 45 + 0.06 * CUSTOMERS);
const MAX_ACTIVITIES = optionalNumber(env.INVOICE_RUN_MAX_ACTIVITIES);
const MAX_WORKFLOW_TASKS = optionalNumber(env.INVOICE_RUN_MAX_WORKFLOW_TASKS);
const MAX_CACHED_WORKFLOWS = optionalNumber(env.INVOICE_RUN_MAX_CACHED_WORKFLOWS);
const PDF_BROWSERS = Number(env.INVOICE_RUN_PDF_BROWSERS ?? 1);
const PDF_PAGES = Number(env.INVOICE_RUN_PDF_PAGES ?? 2);
const TIMEOUT_MS = Number(env.INVOICE_RUN_TIMEOUT_SECONDS ?? 900) * 1000;
const TASK_QUEUE = 'bench-invoice-run';
/** Concurrent callers of the bare render: 2 per page of the pool, so no page waits idle. */
const BARE_CALLERS = Number(env.INVOICE_RUN_BARE_CALLERS ?? 2 * PDF_BROWSERS * PDF_PAGES);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const receiverOptions = { secret: 'whsec_AAAA' };
  const [temporal, database, bundle, fakes, receiver] = await Promise.all([
    createDevServerEnv(),
    createTestDatabase(),
    bundleWorkflows(),
    startDeliveryFakes(),
    startWebhookReceiver(receiverOptions),
  ]);
  const progress = openProgressReader(database.url);
  const stops: (() => Promise<unknown>)[] = [];
  try {
    // The runtime every process uses, on the fakes, with our own (timed) PDF pool so its
    // size is a knob; the relay polls every 500 ms (the fakes' OUTBOX_RELAY_INTERVAL_MS).
    const pdf = timeBrowserPool(
      createBrowserPool({
        executablePath: '/usr/bin/chromium',
        size: PDF_BROWSERS,
        pagesPerBrowser: PDF_PAGES,
      }),
    );
    stops.push(() => pdf.pool.close());
    const runtime = await createTestRuntime(
      temporal,
      database,
      // The setup posts every customer's usage with one key: at 3,000 customers (30,000
      // events) its ingest limit (a policy per key, not a cost) would refuse the burst.
      testConfig(TASK_QUEUE, {
        ...fakes.workerEnv,
        WEBHOOK_TIMEOUT_MS: '5000',
        INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '10000000',
        INGEST_RATE_LIMIT_BURST: '10000000',
      }),
      { pdf: pdf.pool },
    );
    stops.push(() => runtime.close());
    let activityTimes = new Map<string, ActivityTimes>();
    const worker = await startWorker(runtime, {
      workflowBundle: bundle,
      wrapActivities: (activities) => {
        const timed = timeActivities(activities);
        activityTimes = timed.times;
        return timed.activities;
      },
      tuning: {
        ...(MAX_ACTIVITIES === undefined
          ? {}
          : { maxConcurrentActivityTaskExecutions: MAX_ACTIVITIES }),
        ...(MAX_WORKFLOW_TASKS === undefined
          ? {}
          : { maxConcurrentWorkflowTaskExecutions: MAX_WORKFLOW_TASKS }),
        ...(MAX_CACHED_WORKFLOWS === undefined ? {} : { maxCachedWorkflows: MAX_CACHED_WORKFLOWS }),
      },
    });
    stops.push(() => worker.stop());
    const api = await startApi(runtime);
    stops.push(() => api.close());
    console.log(
      `worker: maxConcurrentActivityTaskExecutions ${MAX_ACTIVITIES ?? '100 (default)'}, maxConcurrentWorkflowTaskExecutions ${MAX_WORKFLOW_TASKS ?? '40 (default)'}; PDF pool ${PDF_BROWSERS} browser(s) x ${PDF_PAGES} pages`,
    );

    // Setup over REST: the endpoint, the plan, the customers and their usage, all before T.
    receiverOptions.secret = await registerWebhookEndpoint(api.url, receiver.url);
    await createBenchPlan(api.url);
    const periodEndMs = Math.ceil((Date.now() + LEAD_SECONDS * 1000) / 10_000) * 10_000;
    const ids = Array.from({ length: CUSTOMERS }, (_, n) => `bench-${n}`);
    const setupStart = Date.now();
    await runPool(ids, 16, (id) => createBenchCustomer(api.url, id, periodEndMs));
    const customersDone = Date.now();
    const events = await postBenchUsage(api.url, ids, Date.now());
    await api.forwarder.flush();
    console.log(
      `setup: ${CUSTOMERS} customers (customer, VAT, subscription) in ${seconds(customersDone - setupStart)}, ${events} events in ${seconds(Date.now() - customersDone)}; T = ${new Date(periodEndMs).toISOString()}, ${seconds(periodEndMs - Date.now())} from now`,
    );
    if (Date.now() > periodEndMs - 5_000) {
      throw new Error('setup ran into T: raise INVOICE_RUN_LEAD_SECONDS');
    }

    // The run: every period ends at T; follow the fakes and the database until all is there.
    const tracker = trackDeliveries({ resend: fakes.resend, erp: fakes.erp, receiver });
    await sleep(periodEndMs - Date.now());
    const cpuAtT = takeCpuSnapshot();
    let stored: StoredProgress = { finalized: 0, pdfs: 0, lastPdfMs: null };
    let allFinalizedMs: number | null = null;
    const log = startProgressLog(periodEndMs, 10_000, () => ({ stored, tracker }));
    let lastDbRead = 0;
    let runMs = 0;
    for (;;) {
      const now = Date.now();
      tracker.poll(now);
      if (now - lastDbRead >= 250) {
        lastDbRead = now;
        stored = await progress.read();
        if (allFinalizedMs === null && stored.finalized >= CUSTOMERS) allFinalizedMs = now;
      }
      const counts = tracker.counts();
      if (counts.email >= CUSTOMERS && counts.webhook >= CUSTOMERS && counts.erp >= CUSTOMERS) {
        runMs = now - periodEndMs;
        break;
      }
      if (now - periodEndMs > TIMEOUT_MS) {
        log.stop();
        throw new Error(`not done after ${seconds(TIMEOUT_MS)}: ${JSON.stringify(counts)}`);
      }
      await sleep(50);
    }
    const cpuAtEnd = takeCpuSnapshot();
    log.stop();
    stored = await progress.read();
    // A late duplicate would arrive within a few seconds; give it the chance before checking.
    await sleep(3_000);
    tracker.poll(Date.now());

    const ok = reportInvoiceRun({
      customers: CUSTOMERS,
      periodEndMs,
      tracker,
      allFinalizedMs,
      stored,
      statuses: await progress.invoiceStatuses(),
      pdf: pdf.times,
      pdfConcurrency: PDF_BROWSERS * PDF_PAGES,
      fakes: { resend: fakes.resend, erp: fakes.erp, receiver },
      cpu: describeCpu(cpuAtT, cpuAtEnd),
      cpuFrom: cpuAtT,
      cpuTo: cpuAtEnd,
    });
    console.log(
      'activities (this worker, since it started: the setup before T too, e.g. each new cycle reads its burst meters):',
    );
    for (const line of describeActivityTimes(activityTimes)) console.log(`  ${line}`);

    // The floor, in the same process on the same box: the same documents through the same pool.
    const sql = postgres(database.url, { max: 1 });
    const invoiceIds = (
      await sql<{ id: string }[]>`select id from invoices where status <> 'draft'`
    ).map((row) => row.id);
    await sql.end();
    const bare = await measureBareRender({
      db: database.db,
      issuer: TEST_ISSUER,
      pdf: pdf.pool,
      publicBaseUrl: fakes.workerEnv.PUBLIC_BASE_URL as string,
      invoiceIds,
      callers: BARE_CALLERS,
    });
    console.log(
      `bare render: ${invoiceIds.length} documents (HTML, UBL, PDF) through the same pool, ${BARE_CALLERS} callers: ${seconds(bare.ms)} (${bare.perDocumentMs.toFixed(1)} ms a document)`,
    );
    console.log(`invoice run: ${seconds(runMs)} from T to the last delivery`);
    console.log(`invoice run / bare render = ${(runMs / bare.ms).toFixed(2)}   (target <= 1.5)`);
    if (!ok) process.exitCode = 1;
  } finally {
    for (const stop of stops.reverse()) await stop();
    await progress.close();
    await fakes.close();
    await receiver.close();
    await temporal.teardown();
    await database.drop();
  }
}

main().then(
  // The native runtime keeps the event loop alive after shutdown; leave explicitly.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
