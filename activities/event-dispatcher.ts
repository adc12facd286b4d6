import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Database } from '../db/client';
import {
  loadUndispatchedEvents,
  markEventDispatched,
} from '../db/repositories/billing-events.repository';
import { deliveryWorkflowId } from '../workflows/definitions';

/** Hands a recorded business event to its delivery workflow. */
export interface EventDispatcher {
  dispatch(eventId: string): Promise<void>;
}

/**
 * Starts `delivery:<eventId>` once: the id is the business key, so a second start (API and
 * relay racing, a retried activity) finds the first and is a no-op, even after it finished.
 */
export function createEventDispatcher(options: {
  client: Client;
  taskQueue: string;
}): EventDispatcher {
  return {
    async dispatch(eventId) {
      try {
        await options.client.workflow.start('billingEventDeliveryWorkflow', {
          taskQueue: options.taskQueue,
          workflowId: deliveryWorkflowId(eventId),
          args: [{ eventId }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

/**
 * Dispatches the outbox: every event not yet handed over (of one customer, or older than an
 * instant), then marks it dispatched. Crash-safe in any order: dispatching twice is a no-op
 * and an event left unmarked is dispatched again by the next pass.
 */
export async function dispatchPendingEvents(
  db: Database,
  dispatcher: EventDispatcher,
  filter: { customerId?: string; olderThanMs?: number; limit?: number },
  nowMs: number,
): Promise<number> {
  const events = await loadUndispatchedEvents(db, { ...filter, limit: filter.limit ?? 500 });
  for (const event of events) {
    await dispatcher.dispatch(event.id);
    await markEventDispatched(db, event.id, nowMs);
  }
  return events.length;
}
