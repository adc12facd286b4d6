import { invoiceSchema, invoiceView } from '../../api/schemas/invoice';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { loadInvoice } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import type { Plan } from '../../domain/catalog/plan';
import type { Price } from '../../domain/rating';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';
import { getLiveUsage } from '../../services/get-live-usage';
import { loadLiveInvoice, type LiveUsage } from '../../services/preview-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aCustomer, anEvent, toNewEvent, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { aRunUsage, aUsageReport } from '../fixtures/usage-reports';
import { databaseEngines, useEngine } from '../support/engines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

/**
 * A plan change at 12:00 of a daily period, through the services: the close meters each
 * segment from the ledger and rates it on its plan; the preview at any instant is the draft
 * the close writes for the usage so far; the API shows each line's plan.
 */
const H = 3_600_000;
const DAY = 24 * H;
const DEC_1 = Date.UTC(2030, 11, 1);
const period = { startMs: DEC_1, endMs: DEC_1 + DAY };

const vmPrice = (unitPrice: string, model: Partial<Price['model']> = {}): Price =>
  ({
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: [],
    model: { type: 'run_time', unit: 'hour', unitPrice, ...model },
  }) as Price;

describe.each(databaseEngines)('a mid-period plan change on %s', (_name, open) => {
  const handle = useEngine(open);

  async function customerChangingPlanAtNoon(a: Plan, b: Plan) {
    const db = handle.db;
    const customer = await saveSubscribedCustomer(db, a, {
      customer: aCustomer({ billingSchedule: 'daily' }),
    });
    await saveNewPlan(db, b);
    await saveNewSubscription(db, {
      id: uniqueId('sub'),
      customerId: customer.id,
      planId: b.id,
      effectiveFromMs: DEC_1 + 12 * H,
    });
    return customer;
  }

  test('the close splits a VM at the change, each part on its plan; the preview agrees', async () => {
    const db = handle.db;
    // a: 0.10/h, cap 1.00 per period; b: 0.20/h, commitment 5.00.
    const a = aPlan({
      minimumCommitment: null,
      prices: [vmPrice('0.10', { periodCapAmount: '1.00' })],
    });
    const b = aPlan({ minimumCommitment: '5.00', prices: [vmPrice('0.20')] });
    const customer = await customerChangingPlanAtNoon(a, b);
    // The VM runs 02:00-20:00: a 10 h x 0.10 = 1.00 > 1.00 x 12/24 = 0.50 -> 0.50;
    // b 8 h x 0.20 = 1.60. Commitment 5.00 x 12/24 = 2.50: top-up 2.50 - 2.10 = 0.40.
    await appendEvents(db, [
      toNewEvent(customer.id, anEvent({ type: 'resource.started', timestampMs: DEC_1 + 2 * H })),
      toNewEvent(customer.id, anEvent({ type: 'resource.stopped', timestampMs: DEC_1 + 20 * H })),
    ]);

    // The preview at 15:00: a 10 h -> 0.50, b 3 h x 0.20 = 0.60; top-up 2.50 - 1.10 = 1.40.
    const liveAt = (asOfMs: number, seconds: number): LiveUsage => ({
      ...aUsageReport({ period, asOfMs, resources: [aRunUsage(seconds)] }),
      customerId: customer.id,
      lastSequence: 2,
      pendingEvents: 0,
      closingPeriod: null,
    });
    const preview = async (asOfMs: number, seconds: number) =>
      (
        await loadLiveInvoice(
          {
            db,
            cycles: { queryUsage: () => Promise.resolve(liveAt(asOfMs, seconds)) },
            now: () => asOfMs,
          },
          customer.id,
        )
      ).preview;
    const at15 = await preview(DEC_1 + 15 * H, 13 * 3600);
    expect(at15?.lines.map((l) => [l.lineId, l.amount])).toEqual([
      ['vm:[]@' + a.id, '0.50'],
      ['vm:[]@' + b.id, '0.60'],
      ['minimum-commitment', '1.40'],
    ]);

    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 2,
        report: aUsageReport({ period, asOfMs: period.endMs, resources: [aRunUsage(18 * 3600)] }),
        final: true,
      },
    );
    const closed = await draftPeriodInvoice({ db }, { customerId: customer.id, period });
    const stored = await loadInvoice(db, closed.invoiceId as string);
    expect(stored?.planId).toBe(b.id);
    expect(stored?.lines.map((l) => [l.lineId, l.quantity, l.amount])).toEqual([
      ['vm:[]@' + a.id, '10', '0.50'],
      ['vm:[]@' + b.id, '8', '1.60'],
      ['minimum-commitment', '1', '0.40'],
    ]);
    expect(stored?.total).toBe('2.50');

    // The preview at the period end is exactly the stored draft.
    const atEnd = await preview(period.endMs, 18 * 3600);
    expect(atEnd?.lines).toEqual(stored?.lines);
    expect(atEnd?.totals.total).toBe(stored?.total);

    // The API names each line's plan.
    const view = invoiceSchema.parse(
      JSON.parse(JSON.stringify(invoiceView(stored!, period.endMs))),
    );
    expect(view.lines.map((l) => [l.lineId, l.planId])).toEqual([
      ['vm:[]@' + a.id, a.id],
      ['vm:[]@' + b.id, b.id],
      ['minimum-commitment', b.id],
    ]);
  });

  test('the forecast projects a running VM on each plan, the accrued cost is the preview', async () => {
    const db = handle.db;
    const a = aPlan({
      minimumCommitment: null,
      prices: [vmPrice('0.10', { periodCapAmount: '1.00' })],
    });
    const b = aPlan({ minimumCommitment: '5.00', prices: [vmPrice('0.20')] });
    const customer = await customerChangingPlanAtNoon(a, b);
    // The VM runs from 02:00 on; now is 15:00.
    await appendEvents(db, [
      toNewEvent(customer.id, anEvent({ type: 'resource.started', timestampMs: DEC_1 + 2 * H })),
    ]);
    const asOfMs = DEC_1 + 15 * H;
    const live: LiveUsage = {
      ...aUsageReport({
        period,
        asOfMs,
        resources: [aRunUsage(13 * 3600)],
        openRuns: [
          {
            resourceId: 'vm-1',
            meter: 'compute.vm',
            dimensions: {},
            quantity: '1',
            sinceMs: DEC_1 + 2 * H,
          },
        ],
      }),
      customerId: customer.id,
      lastSequence: 1,
      pendingEvents: 0,
      closingPeriod: null,
    };
    const { cost } = await getLiveUsage(
      { db, cycles: { queryUsage: () => Promise.resolve(live) }, now: () => asOfMs },
      { kind: 'operator' },
      customer.id,
    );
    // Accrued: a 10 h -> capped 0.50; b 3 h x 0.20 = 0.60; commitment 2.50: top-up 1.40.
    // Forecast: a 0.50; b 12 h x 0.20 = 2.40; 2.90 > 2.50: no top-up.
    expect([cost?.accrued, cost?.forecast, cost?.meters]).toEqual([
      '2.50',
      '2.90',
      [{ meter: 'compute.vm', accrued: '1.10', forecast: '2.90' }],
    ]);
  });

  test('without a change inside the period the ids and amounts are as ever', async () => {
    const db = handle.db;
    const a = aPlan({ minimumCommitment: null, prices: [vmPrice('0.10')] });
    const customer = await saveSubscribedCustomer(db, a, {
      customer: aCustomer({ billingSchedule: 'daily' }),
    });
    await appendEvents(db, [
      toNewEvent(customer.id, anEvent({ type: 'resource.started', timestampMs: DEC_1 + 2 * H })),
    ]);
    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 1,
        report: aUsageReport({ period, asOfMs: period.endMs, resources: [aRunUsage(22 * 3600)] }),
        final: true,
      },
    );
    const closed = await draftPeriodInvoice({ db }, { customerId: customer.id, period });
    const stored = await loadInvoice(db, closed.invoiceId as string);
    expect(stored?.lines.map((l) => [l.lineId, l.amount])).toEqual([['vm:[]', '2.20']]);
    const view = invoiceView(stored!, period.endMs);
    expect(view.lines.map((l) => l.planId)).toEqual([a.id]);
  });
});
