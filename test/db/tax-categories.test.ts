import { loadPlan } from '../../db/repositories/catalog.repository';
import {
  loadCustomerTaxOverride,
  loadCustomerTaxRates,
  loadCustomerTaxSettings,
  saveCustomerTaxRates,
} from '../../db/repositories/tax-rates.repository';
import type { TaxRate } from '../../domain/invoice';
import type { UsageGroup } from '../../domain/rating';
import { assembleDraftInvoice } from '../../services/draft-invoice';
import { aPlan } from '../fixtures/catalog';
import { databaseEngines, useEngine } from '../support/engines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const JAN_1 = Date.UTC(2031, 0, 1);
const period = { startMs: JAN_1, endMs: JAN_1 + 86_400_000 };

const VAT_19: TaxRate = { id: 'vat-19', name: 'VAT 19%', percentage: '19', inclusive: false };
const VAT_7: TaxRate = {
  id: 'vat-7',
  name: 'VAT 7%',
  percentage: '7',
  inclusive: false,
  category: 'reduced',
};

// 10 h x 1.00 = 10.00 (vm, standard); 500 calls x 0.01 = 5.00 (api, reduced).
const usage: UsageGroup[] = [
  {
    resourceId: 'vm-1',
    meter: 'compute.vm',
    dimensions: {},
    seconds: '36000',
    quantitySeconds: '36000',
    quantity: '0',
    runs: [{ durationMs: 36_000_000, quantity: '1' }],
  },
  {
    resourceId: 'client',
    meter: 'api.calls',
    dimensions: {},
    seconds: '0',
    quantitySeconds: '0',
    quantity: '500',
    runs: [],
  },
];

describe.each(databaseEngines)('tax categories through the draft use case on %s', (_name, open) => {
  const handle = useEngine(open);

  test("each line is taxed by the customer's rate of its price's category; the override makes it reverse charge", async () => {
    const db = handle.db;
    const plan = aPlan({
      minimumCommitment: null,
      prices: [
        {
          id: 'vm',
          meter: 'compute.vm',
          dimensionsFilter: {},
          model: { type: 'run_time', unit: 'hour', unitPrice: '1.00' },
        },
        {
          id: 'api',
          meter: 'api.calls',
          dimensionsFilter: {},
          taxCategory: 'reduced',
          model: { type: 'counter', unitPrice: '0.01' },
        },
      ],
    });
    const customer = await saveSubscribedCustomer(db, plan);
    expect((await loadPlan(db, plan.id))?.prices.map((p) => [p.id, p.taxCategory])).toEqual([
      ['vm', undefined],
      ['api', 'reduced'],
    ]);
    const draft = () =>
      assembleDraftInvoice(
        { db },
        { customerId: customer.id, period, usage, lateUsage: [], termsAtMs: period.endMs - 1 },
      );

    await saveCustomerTaxRates(db, customer.id, [VAT_19, VAT_7]);
    expect(await loadCustomerTaxRates(db, customer.id)).toEqual([VAT_19, VAT_7]);
    // 10.00 x 0.19 = 1.90; 5.00 x 0.07 = 0.35; total 15.00 + 2.25 = 17.25
    const mixed = await draft();
    expect(
      mixed?.totals.taxes.map((t) => [t.taxRateId, t.category, t.taxableAmount, t.taxAmount]),
    ).toEqual([
      ['vat-19', 'standard', '10.00', '1.90'],
      ['vat-7', 'reduced', '5.00', '0.35'],
    ]);
    expect(mixed?.totals.total).toBe('17.25');

    // EU B2B across borders: every line AE at 0%, 15.00 in total.
    await saveCustomerTaxRates(db, customer.id, [VAT_19, VAT_7], 'reverse_charge');
    expect(await loadCustomerTaxOverride(db, customer.id)).toBe('reverse_charge');
    expect(await loadCustomerTaxSettings(db, customer.id)).toEqual({
      taxRates: [VAT_19, VAT_7],
      taxOverride: 'reverse_charge',
    });
    const reverse = await draft();
    expect(
      reverse?.totals.taxes.map((t) => [t.taxRateId, t.category, t.taxableAmount, t.taxAmount]),
    ).toEqual([['#reverse_charge', 'reverse_charge', '15.00', '0.00']]);
    expect(reverse?.totals.taxes[0]?.exemptionReason).toMatch(/^Reverse charge/);
    expect(reverse?.totals.total).toBe('15.00');

    // Replacing the rates without an override clears it.
    await saveCustomerTaxRates(db, customer.id, [VAT_19, VAT_7]);
    expect(await loadCustomerTaxOverride(db, customer.id)).toBeNull();
    await saveCustomerTaxRates(db, customer.id, []);
    expect(await loadCustomerTaxSettings(db, customer.id)).toEqual({
      taxRates: [],
      taxOverride: null,
    });
    expect(await loadCustomerTaxSettings(db, 'cus-nobody')).toEqual({
      taxRates: [],
      taxOverride: null,
    });
  });
});
