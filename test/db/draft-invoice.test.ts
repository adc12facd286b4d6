import {
  invoicePreviewSchema,
  invoicePreviewView,
  liveUsageSchema,
  liveUsageView,
} from '../../api/schemas/usage';
import { redeemCoupon, saveCoupon } from '../../db/repositories/coupons.repository';
import { saveCreditEntry } from '../../db/repositories/credits.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadInvoice } from '../../db/repositories/invoices.repository';
import { saveCustomerTaxRates } from '../../db/repositories/tax-rates.repository';
import { DEFAULT_BILLING_PROFILE } from '../../domain/customer';
import { invoiceNumbering } from '../../domain/invoice';
import type { ResourceUsage, UsageReport } from '../../domain/metering/usage-report';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { loadLiveInvoice, type LiveUsage } from '../../services/preview-invoice';
import { saveUsageSummary } from '../../services/save-usage-summary';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { aCounterUsage, aRunUsage, aUsageReport } from '../fixtures/usage-reports';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const DAY = 86_400_000;
const DEC_1 = Date.UTC(2030, 11, 1);
const DEC_2 = DEC_1 + DAY;
const period1 = { startMs: DEC_1, endMs: DEC_2 };
const period2 = { startMs: DEC_2, endMs: DEC_2 + DAY };

const vm = (seconds: number): ResourceUsage => aRunUsage(seconds);

const apiCalls = (quantity: string): ResourceUsage => aCounterUsage('api.calls', quantity);

const report = (
  period: { startMs: number; endMs: number },
  asOfMs: number,
  resources: ResourceUsage[],
  lateUsage: UsageReport['lateUsage'] = [],
): UsageReport => aUsageReport({ period, asOfMs, resources, lateUsage });

describe.each(databaseEngines)('the preview and the period close on %s', (_name, open) => {
  const handle = useEngine(open);

  test('the preview is exactly the draft the close writes: minimum, adjustments, coupon, taxes, credits', async () => {
    const db = handle.db;
    // 0.01 per VM second, 0.004 per API call, at least 10.00 per period.
    const plan = aPlan({
      minimumCommitment: '10.00',
      prices: [
        {
          id: 'vm',
          meter: 'compute.vm',
          dimensionsFilter: {},
          model: { type: 'run_time', unit: 'second', unitPrice: '0.01' },
        },
        {
          id: 'api',
          meter: 'api.calls',
          dimensionsFilter: {},
          model: { type: 'counter', unitPrice: '0.004' },
        },
      ],
    });
    const customer = await saveSubscribedCustomer(db, plan);

    // Dec 1: 800 s + 100 calls = 8.40, topped up to the 10.00 minimum; finalized.
    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 3,
        report: report(period1, period1.endMs, [apiCalls('100'), vm(800)]),
        final: true,
      },
    );
    const first = await draftPeriodInvoice({ db }, { customerId: customer.id, period: period1 });
    await finalizeInvoice(db, first.invoiceId as string, {
      ...invoiceNumbering(DEC_2 + 1000),
      finalizedAtMs: DEC_2 + 1000,
    });

    // From Dec 2: VAT 20%, 10% off for ever, 5.00 of credit.
    await saveCustomerTaxRates(db, customer.id, [
      { id: 'vat-20', name: 'VAT 20%', percentage: '20', inclusive: false },
    ]);
    const couponId = uniqueId('ten');
    await saveCoupon(db, {
      id: couponId,
      kind: 'percentage',
      percentage: '10',
      duration: 'forever',
    });
    await redeemCoupon(db, customer.id, couponId);
    await saveCreditEntry(db, customer.id, {
      kind: 'grant',
      reference: uniqueId('grant'),
      amount: '5.00',
      currency: 'EUR',
    });

    // Dec 2 so far: 300 s, and 50 calls of Dec 1 that arrived after its invoice was final.
    const late = [
      {
        periodStartMs: DEC_1,
        resourceId: 'client',
        meter: 'api.calls',
        dimensions: {},
        quantity: '50',
      },
    ];
    const asOfMs = DEC_2 + DAY / 2;
    const live: LiveUsage = {
      ...report(period2, asOfMs, [vm(300)], late),
      customerId: customer.id,
      lastSequence: 6,
      pendingEvents: 0,
      closingPeriod: null,
    };
    const { preview } = await loadLiveInvoice(
      { db, cycles: { queryUsage: () => Promise.resolve(live) }, now: () => asOfMs },
      customer.id,
    );

    // The period closes with exactly that usage.
    await saveUsageSummary(
      { db },
      {
        customerId: customer.id,
        lastSequence: 6,
        report: { ...report(period2, period2.endMs, [vm(300)], late) },
        final: true,
      },
    );
    const second = await draftPeriodInvoice({ db }, { customerId: customer.id, period: period2 });
    const stored = await loadInvoice(db, second.invoiceId as string);

    // 3.00 + 7.00 to the minimum + 0.20 adjustment (150 calls cost 0.60, 0.40 was billed)
    // = 10.20; 10% off = 9.18; VAT 1.836 -> 1.84; total 11.02; 5.00 of credit leaves 6.02.
    expect(
      preview && {
        invoiceId: preview.invoiceId,
        lines: preview.lines.map((line) => [line.lineId, line.amount]),
        subtotal: preview.totals.subtotal,
        totalDiscount: preview.totals.totalDiscount,
        totalTax: preview.totals.totalTax,
        total: preview.totals.total,
        creditsApplied: preview.totals.creditsApplied,
        amountDue: preview.totals.amountDue,
      },
    ).toEqual({
      invoiceId: second.invoiceId,
      lines: [
        ['vm:[]', '3.00'],
        [expect.any(String), '7.00'],
        [`adj-${DEC_1}-api:[]`, '0.20'],
      ],
      subtotal: '10.20',
      totalDiscount: '1.02',
      totalTax: '1.84',
      total: '11.02',
      creditsApplied: '5.00',
      amountDue: '6.02',
    });
    expect(stored).not.toBeNull();
    expect({
      lines: stored?.lines,
      lineTotals: stored?.lineTotals,
      subtotal: stored?.subtotal,
      discounts: stored?.discounts,
      totalDiscount: stored?.totalDiscount,
      taxes: stored?.taxes,
      totalExcludingTax: stored?.totalExcludingTax,
      totalTax: stored?.totalTax,
      total: stored?.total,
      creditsApplied: stored?.creditsApplied,
      amountDue: stored?.amountDue,
      unmatchedUsage: stored?.unmatchedUsage,
    }).toEqual({
      lines: preview?.lines,
      lineTotals: preview?.totals.lines,
      subtotal: preview?.totals.subtotal,
      discounts: preview?.totals.discounts,
      totalDiscount: preview?.totals.totalDiscount,
      taxes: preview?.totals.taxes,
      totalExcludingTax: preview?.totals.totalExcludingTax,
      totalTax: preview?.totals.totalTax,
      total: preview?.totals.total,
      creditsApplied: preview?.totals.creditsApplied,
      amountDue: preview?.totals.amountDue,
      unmatchedUsage: preview?.unmatched,
    });
  });

  test('the API views of a preview and of live usage match their declared schemas', async () => {
    const db = handle.db;
    const plan = aPlan();
    const customer = await saveSubscribedCustomer(db, plan);
    await saveCustomerTaxRates(db, customer.id, [
      { id: 'vat-20', name: 'VAT 20%', percentage: '20', inclusive: false },
    ]);
    const couponId = uniqueId('five');
    await saveCoupon(db, {
      id: couponId,
      kind: 'fixed_amount',
      amount: '5.00',
      currency: 'EUR',
      duration: 'once',
    });
    await redeemCoupon(db, customer.id, couponId);
    const asOfMs = DEC_2 + DAY / 2;
    const live: LiveUsage = {
      ...report(
        period2,
        asOfMs,
        [vm(300)],
        [
          {
            periodStartMs: DEC_1,
            resourceId: 'c',
            meter: 'api.calls',
            dimensions: {},
            quantity: '5',
          },
        ],
      ),
      openRuns: [
        { resourceId: 'vm-1', meter: 'compute.vm', dimensions: {}, quantity: '1', sinceMs: DEC_2 },
      ],
      meters: [{ meter: 'compute.vm', seconds: '300', quantitySeconds: '300', quantity: '0' }],
      customerId: customer.id,
      lastSequence: 2,
      pendingEvents: 0,
      closingPeriod: period1,
    };
    const { usage, preview } = await loadLiveInvoice(
      { db, cycles: { queryUsage: () => Promise.resolve(live) }, now: () => asOfMs },
      customer.id,
    );
    const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    // The VM price of aPlan wants a flavor: this usage is unmatched, and reported.
    expect(preview?.unmatched.length).toEqual(1);
    const view = invoicePreviewSchema.parse(wire(invoicePreviewView(usage, preview!)));
    expect([view.totalDiscount, view.taxes.length, view.unmatchedUsage.length]).toEqual([
      '5.00',
      1,
      1,
    ]);
    const cost = {
      currency: 'EUR',
      accrued: '1.00',
      forecast: '2.00',
      meters: [{ meter: 'compute.vm', accrued: '1.00', forecast: '2.00' }],
    };
    expect(liveUsageSchema.parse(wire(liveUsageView(usage, cost)))).toMatchObject({
      closingPeriod: { start: new Date(DEC_1).toISOString(), end: new Date(DEC_2).toISOString() },
      openRuns: [{ resourceId: 'vm-1', since: new Date(DEC_2).toISOString() }],
      lateUsage: [{ resourceId: 'c', periodStart: new Date(DEC_1).toISOString() }],
      cost,
    });
    expect(liveUsageSchema.parse(wire(liveUsageView(usage, null))).cost).toBeNull();
  });

  test('without a plan there is neither a preview nor a draft', async () => {
    const db = handle.db;
    const customer = aCustomer();
    await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
    const asOfMs = DEC_2 + DAY / 2;
    const live: LiveUsage = {
      ...report(period2, asOfMs, [vm(300)]),
      customerId: customer.id,
      lastSequence: 1,
      pendingEvents: 0,
      closingPeriod: null,
    };
    const { preview } = await loadLiveInvoice(
      { db, cycles: { queryUsage: () => Promise.resolve(live) }, now: () => asOfMs },
      customer.id,
    );
    expect(preview).toBeNull();
    expect(await draftPeriodInvoice({ db }, { customerId: customer.id, period: period2 })).toEqual({
      invoiceId: null,
      created: false,
    });
  });

  test('a Temporal failure is temporal_unavailable, retryable', async () => {
    const failing = {
      db: handle.db,
      cycles: { queryUsage: () => Promise.reject(new Error('connection refused')) },
      now: () => DEC_2,
    };
    await expect(loadLiveInvoice(failing, 'anyone')).rejects.toMatchObject({
      code: 'temporal_unavailable',
      retryable: true,
    });
  });
});
