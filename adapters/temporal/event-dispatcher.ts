import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { deliveryWorkflowId } from '../../domain/workflow-ids';

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
