import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Customer } from '../domain/customer';
import type { LedgerEvent, WireEvent } from '../domain/events';
import type { MeteringState } from '../domain/metering/metering-state';
import type { UsageReport } from '../domain/metering/usage-report';
import type { Period } from '../domain/calendar/types';

export {
  billingCycleWorkflowId,
  deliveryWorkflowId,
  overdueWorkflowId,
} from '../domain/workflow-ids';

/** What a billing cycle carries across continue-as-new. */
export interface CarriedState {
  current: Period;
  /** The previous period while it is in its grace period, else null. */
  closing: Period | null;
  metering: MeteringState;
  lastSequence: number;
  /** Events received ahead of a sequence gap, applied once the gap is filled. */
  pending: LedgerEvent[];
  /** Whether the customer has budgets, as the last budget check answered; absent: unknown. */
  hasBudgets?: boolean;
}

export interface BillingCycleInput {
  customer: Customer;
  carried?: CarriedState;
  /** Set by the start that follows the customer's creation: it has no budgets yet. */
  withoutBudgets?: boolean;
}

export interface LiveUsage extends UsageReport {
  customerId: string;
  lastSequence: number;
  pendingEvents: number;
  closingPeriod: Period | null;
}

/** Ledgered events, coalesced per customer by the API, in their compact wire form. */
export const eventsSignal = defineSignal<[WireEvent[]]>('events');
/**
 * The customer's budgets changed (the API signals each one it creates): the workflow checks
 * them at once, and learns that the customer has budgets.
 */
export const budgetsChangedSignal = defineSignal('budgetsChanged');
/**
 * Live usage of the current period; `asOfMs` defaults to the workflow clock. With
 * `includeRuns` each resource also lists its run shares (what rating needs).
 */
export const usageQuery = defineQuery<LiveUsage, [number?, boolean?]>('usage');
