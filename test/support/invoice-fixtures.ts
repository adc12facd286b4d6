import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { saveCustomerTaxRates } from '../../db/repositories/tax-rates.repository';
import type { Database } from '../../db/client';
import { draftInvoice, type DraftInvoice } from '../../domain/invoice';
import { uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { postJson } from './http';

const NOV = { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };
const vm = (resourceId: string, hours: number) => ({
  resourceId,
  meter: 'compute.vm',
  dimensions: { flavor: 'm1.small', region: 'fra1' },
  seconds: String(hours * 3600),
  quantitySeconds: String(hours * 3600),
  quantity: '0',
  runs: [{ durationMs: hours * 3_600_000, quantity: '1' }],
});

/** A customer created over the API, with an address, VAT 19% and a November draft. */
export async function aCustomerWithDraft(
  apiUrl: string,
  db: Database,
): Promise<{ customerId: string; draft: DraftInvoice }> {
  const customerId = uniqueId('cus-doc');
  const created = await postJson(`${apiUrl}/v1/customers`, {
    id: customerId,
    name: 'Acme Analytics GmbH',
    email: 'ap@acme.example',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    billingSchedule: 'monthly',
    locale: 'de-DE',
    address: { lines: ['Hauptstr. 5', '80331 München'], countryCode: 'DE' },
    vatId: 'DE987654321',
  });
  if (created.status !== 201) throw new Error(`customer: ${JSON.stringify(created.body)}`);
  const rates = [{ id: 'de-vat-19', name: 'VAT 19%', percentage: '19', inclusive: false }];
  await saveCustomerTaxRates(db, customerId, rates);
  const plan = await saveNewPlan(db, aPlan());
  const draft = draftInvoice({
    customerId,
    period: NOV,
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: null },
    taxRates: rates,
    usage: [vm('vm-1', 720), vm('vm-2', 100)],
  });
  await saveDraftInvoice(db, draft);
  return { customerId, draft };
}
