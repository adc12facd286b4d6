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
