import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Customer } from '../../domain/customer';
import { toWireEvent, type LedgerEvent, type WireEvent } from '../../domain/events';
import {
  billingCycleWorkflowId,
  eventsSignal,
  usageQuery,
  type LiveUsage,
} from '../../workflows/definitions';
import { CUSTOMER_ID } from '../../workflows/search-attributes';
import type { billingCycleWorkflow } from '../../workflows/billing-cycle.workflow';

/** The API's view of the per-customer billing-cycle workflows. */
export interface BillingCycles {
  start(customer: Customer): Promise<void>;
  signalEvents(customer: Customer, events: LedgerEvent[]): Promise<void>;
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
    async start(customer) {
      await client.workflow.start<typeof billingCycleWorkflow>('billingCycleWorkflow', {
        ...startOptions(customer),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
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
