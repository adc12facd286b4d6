import { asc, eq } from 'drizzle-orm';
import type { TaxRate } from '../../domain/invoice';
import type { TaxOverride } from '../../domain/invoice/tax-categories';
import type { Database } from '../client';
import { customers, customerTaxRates } from '../schema';

/**
 * Replaces the customer's tax rates and tax override (for drafts from now on; final invoices
 * keep theirs).
 */
export async function saveCustomerTaxRates(
  db: Database,
  customerId: string,
  rates: TaxRate[],
  taxOverride: TaxOverride | null = null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(customers).set({ taxOverride }).where(eq(customers.id, customerId));
    await tx.delete(customerTaxRates).where(eq(customerTaxRates.customerId, customerId));
    if (rates.length === 0) return;
    await tx.insert(customerTaxRates).values(
      rates.map((rate, position) => ({
        customerId,
        position,
        ...rate,
        category: rate.category ?? 'standard',
      })),
    );
  });
}

type TaxRateRow = typeof customerTaxRates.$inferSelect;

const toTaxRate = ({ id, name, percentage, inclusive, category }: TaxRateRow): TaxRate => ({
  id,
  name,
  percentage,
  inclusive,
  ...(category === 'standard' ? {} : { category }),
});

/** The customer's rates in order; a rate's category is stated unless it is 'standard'. */
export async function loadCustomerTaxRates(db: Database, customerId: string): Promise<TaxRate[]> {
  const rows = await db
    .select()
    .from(customerTaxRates)
    .where(eq(customerTaxRates.customerId, customerId))
    .orderBy(asc(customerTaxRates.position));
  return rows.map(toTaxRate);
}

/**
 * The customer's rates and tax override together (loadCustomerTaxRates and
 * loadCustomerTaxOverride in one statement): none and null without the customer, whose row
 * every rate references.
 */
export async function loadCustomerTaxSettings(
  db: Database,
  customerId: string,
): Promise<{ taxRates: TaxRate[]; taxOverride: TaxOverride | null }> {
  const rows = await db
    .select({ taxOverride: customers.taxOverride, rate: customerTaxRates })
    .from(customers)
    .leftJoin(customerTaxRates, eq(customerTaxRates.customerId, customers.id))
    .where(eq(customers.id, customerId))
    .orderBy(asc(customerTaxRates.position));
  return {
    taxRates: rows.flatMap(({ rate }) => (rate ? [toTaxRate(rate)] : [])),
    taxOverride: rows[0]?.taxOverride ?? null,
  };
}

/** The customer's tax override, null without one (or without the customer). */
export async function loadCustomerTaxOverride(
  db: Database,
  customerId: string,
): Promise<TaxOverride | null> {
  const rows = await db
    .select({ taxOverride: customers.taxOverride })
    .from(customers)
    .where(eq(customers.id, customerId));
  return rows[0]?.taxOverride ?? null;
}
