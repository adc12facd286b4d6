import { loadInvoice } from '../../db/repositories/invoices.repository';
import { invoiceIdFor, invoiceNumbering } from '../../domain/invoice';
import type { LateUsage, ResourceUsage, UsageReport } from '../../domain/metering/usage-report';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aPlan, anEgressPrice } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { aCounterUsage, aUsageReport } from '../fixtures/usage-reports';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const DAY = 86_400_000;
const P = Date.UTC(2030, 11, 1);
const periodOf = (startMs: number) => ({ startMs, endMs: startMs + DAY });

const egress = (quantity: string): ResourceUsage =>
  aCounterUsage('net.egress', quantity, { resourceId: 'lb-1' });

const lateOf = (periodStartMs: number, quantity: string): LateUsage => ({
  periodStartMs,
  resourceId: 'lb-1',
  meter: 'net.egress',
  dimensions: {},
  quantity,
});

const report = (
  startMs: number,
  resources: ResourceUsage[],
  lateUsage: LateUsage[] = [],
): UsageReport =>
  aUsageReport({ period: periodOf(startMs), asOfMs: startMs + DAY, resources, lateUsage });

describe.each(databaseEngines)('late usage of one period arriving twice on %s', (_name, open) => {
  const handle = useEngine(open);

  test('each batch is rated on top of what was already billed: 0.19, then 0.15, then 0.25', async () => {
    const db = handle.db;
    // Egress graduated: 0.09/GB up to 10 GB, 0.05/GB above; no minimum commitment.
    const plan = aPlan({
      minimumCommitment: null,
      prices: [anEgressPrice({ meter: 'net.egress' })],
    });
    const customer = await saveSubscribedCustomer(db, plan);

    /**
     * Closes a period as the workflow does: a provisional summary and draft at its end, the
     * final summary and a redraft after its grace period, then finalization. Returns the
     * lines of both drafts.
     */
    const close = async (startMs: number, resources: ResourceUsage[], late: LateUsage[]) => {
      const amounts: [string, string][][] = [];
      for (const final of [false, true]) {
        await saveUsageSummary(
          { db },
          {
            customerId: customer.id,
            lastSequence: 1,
            report: report(startMs, resources, late),
            final,
          },
        );
        const { invoiceId } = await draftPeriodInvoice(
          { db },
          { customerId: customer.id, period: periodOf(startMs) },
        );
        const draft = await loadInvoice(db, invoiceId as string);
        amounts.push((draft?.lines ?? []).map((line) => [line.lineId, line.amount]));
      }
      const finalizedAtMs = startMs + DAY + 1000;
      await finalizeInvoice(db, invoiceIdFor(customer.id, startMs), {
        ...invoiceNumbering(finalizedAtMs),
        finalizedAtMs,
      });
      return amounts;
    };

    // P: 9 GB x 0.09 = 0.81.
    expect(await close(P, [egress('9')], [])).toEqual([
      [['egress:[]', '0.81']],
      [['egress:[]', '0.81']],
    ]);
    // P+1 reports 3 GB of P: 10 x 0.09 + 2 x 0.05 = 1.00, minus 0.81 billed = 0.19. The final
    // redraft of P+1 does not count its own late usage as already billed.
    expect(await close(P + DAY, [], [lateOf(P, '3')])).toEqual([
      [[`adj-${P}-egress:[]`, '0.19']],
      [[`adj-${P}-egress:[]`, '0.19']],
    ]);
    // P+2 reports 3 GB more of P: 10 x 0.09 + 5 x 0.05 = 1.15, minus 1.00 billed = 0.15; and
    // 1 GB of P+1, a period of its own (nothing of it billed yet): 1 x 0.09.
    expect(await close(P + 2 * DAY, [], [lateOf(P, '3'), lateOf(P + DAY, '1')])).toEqual([
      [
        [`adj-${P}-egress:[]`, '0.15'],
        [`adj-${P + DAY}-egress:[]`, '0.09'],
      ],
      [
        [`adj-${P}-egress:[]`, '0.15'],
        [`adj-${P + DAY}-egress:[]`, '0.09'],
      ],
    ]);
    // P+3 reports 5 GB more of P: 10 x 0.09 + 10 x 0.05 = 1.40, minus 1.15 billed = 0.25.
    expect(await close(P + 3 * DAY, [], [lateOf(P, '5')])).toEqual([
      [[`adj-${P}-egress:[]`, '0.25']],
      [[`adj-${P}-egress:[]`, '0.25']],
    ]);
  });
});
