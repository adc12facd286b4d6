import type { FakeErp } from '../test/support/fakes/fake-erp';
import type { FakeResend } from '../test/support/fakes/fake-resend';
import type { WebhookReceiver } from '../test/support/fakes/webhook-receiver';
import { cpuBetween, type CpuSnapshot } from './cpu-sampler';
import type { DeliveryTracker } from './delivery-tracker';
import type { StoredProgress } from './invoice-run-progress';
import { percentile } from './stats';
import type { PdfTimes } from './timed-browser-pool';

export interface InvoiceRunResult {
  customers: number;
  periodEndMs: number;
  tracker: DeliveryTracker;
  allFinalizedMs: number | null;
  stored: StoredProgress;
  statuses: Record<string, number>;
  pdf: PdfTimes;
  /** Pages the pool renders at once: browsers x pages per browser. */
  pdfConcurrency: number;
  fakes: { resend: FakeResend; erp: FakeErp; receiver: WebhookReceiver };
  cpu: string;
  cpuFrom: CpuSnapshot;
  cpuTo: CpuSnapshot;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Exactly once, everywhere: one email, one ERP record, one accepted webhook per invoice. */
function correctness(result: InvoiceRunResult): [string, boolean][] {
  const n = result.customers;
  const { resend, erp, receiver } = result.fakes;
  const erpWrites = [...erp.writes.values()];
  const hookIds = new Set(receiver.deliveries.map((d) => d.msgId));
  const emailKeys = new Set(resend.emails.map((e) => e.idempotencyKey));
  return [
    [
      `emails: ${resend.emails.length} (distinct invoices ${emailKeys.size})`,
      resend.emails.length === n && emailKeys.size === n,
    ],
    [
      `ERP invoice records: ${erp.invoices.size}, each written once: ${erpWrites.every((w) => w === 1)}`,
      erp.invoices.size === n && erpWrites.length === n && erpWrites.every((w) => w === 1),
    ],
    [
      `webhooks accepted: ${receiver.deliveries.length}, distinct ${hookIds.size}, duplicates ${receiver.deliveries.filter((d) => d.duplicate).length}, rejected attempts ${receiver.attempts.filter((a) => a.status !== 204).length}`,
      receiver.deliveries.length === n &&
        hookIds.size === n &&
        receiver.deliveries.every((d) => !d.duplicate),
    ],
    [
      `invoice statuses: ${JSON.stringify(result.statuses)}`,
      result.statuses['open'] === n && Object.keys(result.statuses).length === 1,
    ],
  ];
}

/** Prints the figures and the checks; true when every check holds. */
export function reportInvoiceRun(result: InvoiceRunResult): boolean {
  const { customers, periodEndMs, tracker, pdf } = result;
  const done = tracker.completions().map((at) => at - periodEndMs);
  const lastErp = Math.max(...[...tracker.seen.values()].map((seen) => seen.erp ?? 0));
  const wallMs = lastErp - periodEndMs;
  const cpu = cpuBetween(result.cpuFrom, result.cpuTo);
  const pdfShare = pdf.renderMs / (wallMs * result.pdfConcurrency);
  console.log(`invoice run: ${customers} invoices, periods ending at T`);
  console.log(
    `  wall time T -> last ERP record : ${seconds(wallMs)}   (target < 180 s: ${wallMs < 180_000 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  throughput                     : ${(customers / (wallMs / 1000)).toFixed(2)} invoices/s`,
  );
  console.log(
    `  per invoice, T -> email+webhook+ERP all in: p50 ${seconds(percentile(done, 50))}, p95 ${seconds(percentile(done, 95))}, max ${seconds(Math.max(...done))}`,
  );
  console.log(
    `  all finalized (status open)    : T + ${result.allFinalizedMs === null ? '?' : seconds(result.allFinalizedMs - periodEndMs)} (polled every 250 ms)`,
  );
  console.log(
    `  all PDFs stored                : T + ${result.stored.lastPdfMs === null ? '?' : seconds(result.stored.lastPdfMs - periodEndMs)} (created_at of the last PDF row)`,
  );
  console.log(
    `  PDF: ${pdf.renders} renders, mean ${(pdf.renderMs / pdf.renders).toFixed(0)} ms inside withPage's fn (setContent + page.pdf), mean ${(pdf.closeMs / pdf.renders).toFixed(0)} ms page close, mean ${(pdf.queueAndOpenMs / pdf.renders).toFixed(0)} ms queue + page open`,
  );
  console.log(
    `  PDF share: ${(100 * pdfShare).toFixed(0)}% = sum of render times ${seconds(pdf.renderMs)} / (wall ${seconds(wallMs)} x ${result.pdfConcurrency} pages)`,
  );
  console.log(
    `  CPU T -> last ERP record, of ${os2(cpu.machineTotal)} core-seconds: node ${os2(cpu.node)}, temporal ${os2(cpu.temporal)}, postgres ${os2(cpu.postgres)}, chromium ${os2(cpu.chromium)}, other ${os2(cpu.other)}, idle ${os2(cpu.machineTotal - cpu.machineBusy)}`,
  );
  console.log(`    as shares: ${result.cpu}`);
  console.log('checks:');
  const checks = correctness(result);
  for (const [text, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${text}`);
  return checks.every(([, ok]) => ok);
}

const os2 = (value: number) => value.toFixed(1);
