import { eq, inArray } from 'drizzle-orm';
import type { BillingProfile, Customer } from '../../domain/customer';
import { DEFAULT_BILLING_PROFILE } from '../../domain/customer';
import { BillingError } from '../../domain/errors';
import type { Database } from '../client';
import { customers } from '../schema';

type CustomerRow = typeof customers.$inferSelect;

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    currency: row.currency,
    timezone: row.timezone,
    billingSchedule: row.billingSchedule,
    billingAnchorMs: row.billingAnchor?.getTime() ?? null,
    gracePeriodSeconds: row.gracePeriodSeconds,
  };
}

function toBillingProfile(row: CustomerRow): BillingProfile {
  return {
    paymentTermsDays: row.paymentTermsDays,
    zeroUsageInvoices: row.zeroUsageInvoices,
    locale: row.locale,
    addressLines: row.addressLines,
    countryCode: row.countryCode,
    vatId: row.vatId,
  };
}

/** Inserts a new customer; an existing id is a conflict, never an overwrite. */
export async function saveNewCustomer(
  db: Database,
  customer: Customer,
  profile: BillingProfile = DEFAULT_BILLING_PROFILE,
): Promise<Customer> {
  const inserted = await db
    .insert(customers)
    .values({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      currency: customer.currency,
      timezone: customer.timezone,
      billingSchedule: customer.billingSchedule,
      billingAnchor: customer.billingAnchorMs === null ? null : new Date(customer.billingAnchorMs),
      gracePeriodSeconds: customer.gracePeriodSeconds,
      ...profile,
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0];
  if (!row) {
    throw new BillingError('customer_exists', `customer ${customer.id} already exists`, {
      details: [{ field: 'id', message: 'already exists' }],
    });
  }
  return toCustomer(row);
}

export async function loadCustomer(db: Database, id: string): Promise<Customer | null> {
  const rows = await db.select().from(customers).where(eq(customers.id, id));
  return rows[0] ? toCustomer(rows[0]) : null;
}

export async function loadCustomers(db: Database, ids: string[]): Promise<Map<string, Customer>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(customers).where(inArray(customers.id, ids));
  return new Map(rows.map((row) => [row.id, toCustomer(row)]));
}

export async function loadBillingProfile(db: Database, id: string): Promise<BillingProfile | null> {
  const rows = await db.select().from(customers).where(eq(customers.id, id));
  return rows[0] ? toBillingProfile(rows[0]) : null;
}

/** The customer with its billing profile, as the API shows it. */
export async function loadCustomerWithProfile(
  db: Database,
  id: string,
): Promise<{ customer: Customer; profile: BillingProfile } | null> {
  const rows = await db.select().from(customers).where(eq(customers.id, id));
  return rows[0] ? { customer: toCustomer(rows[0]), profile: toBillingProfile(rows[0]) } : null;
}
