import type { BillingCycle, BillingSchedule } from './calendar/types';

export interface Customer {
  id: string;
  name: string;
  email: string;
  /** ISO 4217 code. */
  currency: string;
  timezone: string;
  billingSchedule: BillingSchedule;
  billingAnchorMs: number | null;
  gracePeriodSeconds: number;
}

export function billingCycleOf(customer: Customer): BillingCycle {
  return {
    schedule: customer.billingSchedule,
    timezone: customer.timezone,
    anchorMs: customer.billingAnchorMs,
  };
}

/**
 * What invoicing needs beyond the billing cycle: payment terms, whether empty periods are
 * invoiced, and the details printed on documents and e-invoices. Kept out of `Customer`,
 * which travels in every workflow input.
 */
export interface BillingProfile {
  /** Days from finalization to the due date. */
  paymentTermsDays: number;
  /** true: a period without charges still gets a zero invoice; false: none is issued. */
  zeroUsageInvoices: boolean;
  /** BCP 47, e.g. "de-DE": numbers and dates on documents. */
  locale: string;
  addressLines: string[];
  /** ISO 3166-1 alpha-2, null until known. */
  countryCode: string | null;
  vatId: string | null;
}

export const DEFAULT_BILLING_PROFILE: BillingProfile = {
  paymentTermsDays: 30,
  zeroUsageInvoices: true,
  locale: 'en-US',
  addressLines: [],
  countryCode: null,
  vatId: null,
};
