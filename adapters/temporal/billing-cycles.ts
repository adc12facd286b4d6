import { WorkflowIdConflictPolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Customer } from '../../domain/customer';
import { toWireEvent, type LedgerEvent, type WireEvent } from '../../domain/events';
import {
  billingCycleWorkflowId,
  budgetsChangedSignal,
  eventsSignal,
  usageQuery,
  type LiveUsage,
} from '../../workflows/definitions';
import { CUSTOMER_ID } from '../../workflows/search-attributes';
import type { billingCycleWorkflow } from '../../workflows/billing-cycle.workflow';

/** The API's view of the per-customer billing-cycle workflows. */
export interface BillingCycles {
  /** `created`: the customer was created just now, so its cycle knows it has no budgets. */
  start(customer: Customer, options?: { created: boolean }): Promise<void>;
  signalEvents(customer: Customer, events: LedgerEvent[]): Promise<void>;
  /** Tells the customer's cycle its budgets changed; a customer without a cycle is skipped. */
  budgetsChanged(customerId: string): Promise<void>;
  queryUsage(customerId: string, asOfMs?: number, includeRuns?: boolean): Promise<LiveUsage>;
}

export function temporalBillingCycles(client: Client, taskQueue: string): BillingCycles {
  const startOptions = (customer: Customer) => ({
    taskQueue,
    workflowId: billingCycleWorkflowId(customer.id),
    args: [{ customer }] as Parameters<typeof billingCycleWorkflow>,
    typedSearchAttributes: new TypedSearchAttributes([{ key: CUSTOMER_ID, value: customer.id }]),
  });
  return {
    async start(customer, options) {
      await client.workflow.start<typeof billingCycleWorkflow>('billingCycleWorkflow', {
        ...startOptions(customer),
        ...(options?.created === true && { args: [{ customer, withoutBudgets: true }] }),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    },
    async budgetsChanged(customerId) {
      try {
        await client.workflow
          .getHandle(billingCycleWorkflowId(customerId))
          .signal(budgetsChangedSignal);
      } catch (error) {
        // No cycle running: the one that starts later asks for the budgets at its first usage.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
    async signalEvents(customer, events) {
      await client.workflow.signalWithStart<typeof billingCycleWorkflow, [WireEvent[]]>(
        'billingCycleWorkflow',
        {
          ...startOptions(customer),
          signal: eventsSignal,
          signalArgs: [events.map(toWireEvent)],
        },
      );
    },
    async queryUsage(customerId, asOfMs, includeRuns) {
      return client.workflow
        .getHandle(billingCycleWorkflowId(customerId))
        .query(usageQuery, asOfMs, includeRuns);
    },
  };
}
