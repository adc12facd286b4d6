import { asc, eq } from 'drizzle-orm';
import type { TaxRate } from '../../domain/invoice';
import type { Database } from '../client';
import { customerTaxRates } from '../schema';

/** Replaces the customer's tax rates (for drafts from now on; final invoices keep theirs). */
export async function saveCustomerTaxRates(
  db: Database,
  customerId: string,
  rates: TaxRate[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(customerTaxRates).where(eq(customerTaxRates.customerId, customerId));
    if (rates.length === 0) return;
    await tx
      .insert(customerTaxRates)
      .values(rates.map((rate, position) => ({ customerId, position, ...rate })));
  });
}

export async function loadCustomerTaxRates(db: Database, customerId: string): Promise<TaxRate[]> {
  const rows = await db
    .select()
    .from(customerTaxRates)
    .where(eq(customerTaxRates.customerId, customerId))
    .orderBy(asc(customerTaxRates.position));
  return rows.map(({ id, name, percentage, inclusive }) => ({ id, name, percentage, inclusive }));
}
