import postgres from 'postgres';
import { cpuBetween, takeCpuSnapshot, type CpuSnapshot } from './cpu-sampler';
import type { DeliveryTracker } from './delivery-tracker';

/** The database side of the run: invoices finalized and PDFs stored. */
export interface StoredProgress {
  finalized: number;
  pdfs: number;
  /** created_at of the last stored PDF (the database's clock, the same machine's). */
  lastPdfMs: number | null;
}

export function openProgressReader(databaseUrl: string): {
  read(): Promise<StoredProgress>;
  invoiceStatuses(): Promise<Record<string, number>>;
  close(): Promise<void>;
} {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  return {
    async read() {
      const [row] = await sql<{ finalized: number; pdfs: number; last_pdf: Date | null }[]>`
        select
          (select count(*)::int from invoices where status <> 'draft') as finalized,
          (select count(*)::int from invoice_documents where format = 'pdf') as pdfs,
          (select max(created_at) from invoice_documents where format = 'pdf') as last_pdf`;
      return {
        finalized: row?.finalized ?? 0,
        pdfs: row?.pdfs ?? 0,
        lastPdfMs: row?.last_pdf ? row.last_pdf.getTime() : null,
      };
    },
    async invoiceStatuses() {
      const rows = await sql<{ status: string; n: number }[]>`
        select status, count(*)::int as n from invoices group by status order by status`;
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

const percent = (part: number, whole: number) =>
  whole > 0 ? `${((100 * part) / whole).toFixed(0)}%` : '-';

/** "node 31% temporal 22% …" of the machine's capacity over an interval. */
export function describeCpu(from: CpuSnapshot, to: CpuSnapshot): string {
  const cpu = cpuBetween(from, to);
  const parts = ['node', 'temporal', 'postgres', 'chromium', 'other'] as const;
  return `${parts.map((part) => `${part} ${percent(cpu[part], cpu.machineTotal)}`).join(', ')} | idle ${percent(cpu.machineTotal - cpu.machineBusy, cpu.machineTotal)}`;
}

/**
 * One line every `everyMs` while the run goes: what is stored and delivered so far, and
 * how the two cores were spent since the previous line (of their whole capacity).
 */
export function startProgressLog(
  periodEndMs: number,
  everyMs: number,
  read: () => { stored: StoredProgress; tracker: DeliveryTracker },
): { stop(): void } {
  let last = takeCpuSnapshot();
  const timer = setInterval(() => {
    const now = takeCpuSnapshot();
    const { stored, tracker } = read();
    const counts = tracker.counts();
    console.log(
      `  T+${((Date.now() - periodEndMs) / 1000).toFixed(0).padStart(3)} s  finalized ${stored.finalized}, pdf ${stored.pdfs}, email ${counts.email}, webhook ${counts.webhook}, erp ${counts.erp}   cpu: ${describeCpu(last, now)}`,
    );
    last = now;
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
