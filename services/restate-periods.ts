import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { loadEventsForReplay, loadLedgerCloses } from '../db/repositories/ledger.repository';
import {
  loadChargedLinesOfPeriod,
  loadEarliestLateLifecycleMs,
} from '../db/repositories/restatement.repository';
import { periodContaining } from '../domain/calendar';
import { billingCycleOf } from '../domain/customer';
import { invoiceIdFor, usageGroupsOf } from '../domain/invoice';
import { adjustmentTermsOf } from '../domain/invoice/late-usage';
import { billedLinesOf, restatementLines } from '../domain/invoice/restatement';
import { remeterPeriod } from '../domain/metering/remeter';
import type { RatedLine } from '../domain/rating';

/** Which period is being drafted, and how far into the ledger its usage goes. */
export interface RestatementScope {
  /** The period being drafted (or previewed): finalized periods before it may be restated. */
  periodStartMs: number;
  /** Its summary's ledger position at a close; null for a live preview (the whole ledger). */
  upToSequence: number | null;
}

/**
 * Restatements of finalized periods that late lifecycle events changed, by period start:
 * when a start, stop or resize stamped before `scope.periodStartMs` reached the ledger since
 * the last finalized period's close, every finalized period from the one it is stamped in
 * on is metered again from the ledger (up to the scope's position) and charged the difference
 * to what its invoices charged (domain/invoice/restatement.ts). A restated period's late
 * counters are in that difference too, so they take no separate late-usage adjustment.
 * Periods without an invoice (no plan then) are not restated. Empty without late events:
 * one indexed query.
 */
export async function loadRestatements(
  db: Database,
  customerId: string,
  scope: RestatementScope,
): Promise<Map<number, RatedLine[]>> {
  const restated = new Map<number, RatedLine[]>();
  const closes = (await loadLedgerCloses(db, customerId)).filter(
    (close) => close.periodStartMs < scope.periodStartMs,
  );
  const lastClose = closes[closes.length - 1];
  if (!lastClose) return restated;
  const earliest = await loadEarliestLateLifecycleMs(db, customerId, {
    afterSequence: lastClose.lastSequence,
    upToSequence: scope.upToSequence,
    beforeMs: scope.periodStartMs,
  });
  if (earliest === null) return restated;
  const customer = await loadCustomer(db, customerId);
  if (!customer) return restated;
  const cycle = billingCycleOf(customer);
  const periodStartOf = (instantMs: number) => periodContaining(cycle, instantMs).startMs;
  for (const close of closes.filter((c) => c.periodEndMs > earliest)) {
    const period = { startMs: close.periodStartMs, endMs: close.periodEndMs };
    const invoice = await loadInvoice(db, invoiceIdFor(customerId, period.startMs));
    const plan = invoice && (await loadPlan(db, invoice.planId));
    if (!plan) continue;
    const events = (
      await loadEventsForReplay(db, customerId, {
        countersFromMs: period.startMs,
        untilMs: period.endMs,
      })
    ).filter((event) => scope.upToSequence === null || event.seq <= scope.upToSequence);
    restated.set(
      period.startMs,
      restatementLines({
        terms: adjustmentTermsOf(plan),
        periodStartMs: period.startMs,
        truth: usageGroupsOf(remeterPeriod(events, period, periodStartOf)),
        billed: billedLinesOf(
          period.startMs,
          await loadChargedLinesOfPeriod(db, customerId, period.startMs),
        ),
      }),
    );
  }
  return restated;
}
