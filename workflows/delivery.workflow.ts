import {
  ActivityFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  startChild,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { overdueWorkflowId } from './definitions';

/*
 * What happens after a business event, each step an activity with its own retry policy and
 * each once per event (keys derive from the event, invoice and endpoint ids). Which steps an
 * event gets is decided by its type, in deliveryStepsFor (domain/billing-events), and planned
 * by planEventDelivery; here they run in order: render HTML + PDF, then email, webhooks and
 * ERP side by side, then the overdue watch. A step that fails for good (an invalid address,
 * an endpoint answering 400) is recorded and the others still run: a bounced email must not
 * hold back the accounting sync.
 */

// Every activity heartbeats each second (activities/wrap-activities.ts): one on a worker that
// died is retried after the heartbeat timeout, not after its whole start-to-close timeout.
const heartbeatTimeout = '10 seconds';

const render = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
// Resend: 429 and 5xx back off up to 10 minutes; a provider outage of hours is still covered.
const mail = proxyActivities<Activities>({
  heartbeatTimeout,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
// Webhooks: retried with backoff for about a day, then recorded as failed.
const webhook = proxyActivities<Activities>({
  heartbeatTimeout,
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 hours',
    maximumAttempts: 20,
  },
});
const erp = proxyActivities<Activities>({
  heartbeatTimeout,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
const shortStepOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/**
 * The short database steps (plan, mark a webhook failed, the due date, the overdue check) as
 * local activities: run on this worker within the workflow task, one history marker each.
 * Histories recorded before ran them as activities (versioned below).
 */
const localSteps = proxyLocalActivities<Activities>(shortStepOptions);
const activitySteps = proxyActivities<Activities>({ heartbeatTimeout, ...shortStepOptions });

/** Runs a step; a failure that retries could not fix is logged and the chain goes on. */
async function settle(step: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn(`${step} failed for good`, { error: error.cause?.message ?? error.message });
    return false;
  }
}

export async function billingEventDeliveryWorkflow(input: { eventId: string }): Promise<void> {
  const { eventId } = input;
  const local = patched('short-steps-as-local-activities') ? localSteps : activitySteps;
  const plan = await local.planEventDelivery({ eventId });
  if (plan.documentKind !== null) {
    await render.renderDocuments({ documentId: plan.subjectId, kind: plan.documentKind });
  }
  const email = async (): Promise<unknown> =>
    plan.email && settle('email', () => mail.sendInvoiceEmail({ invoiceId: plan.subjectId }));
  const webhooks = (): Promise<unknown> =>
    Promise.all(
      plan.endpointIds.map((endpointId) =>
        settle(`webhook ${endpointId}`, async () => {
          try {
            await webhook.deliverWebhook({ eventId, endpointId });
          } catch (error) {
            await local.markWebhookFailed({ eventId, endpointId });
            throw error;
          }
        }),
      ),
    );
  const accounting = async (): Promise<unknown> =>
    plan.erp && settle('erp', () => erp.syncToErp({ eventId }));
  // The channels do not depend on each other: once the document exists they go out together,
  // which also lets one workflow task schedule them all (versioned: older histories ran them
  // one after the other).
  if (patched('channels-in-parallel')) {
    await Promise.all([email(), webhooks(), accounting()]);
  } else {
    await email();
    await webhooks();
    await accounting();
  }
  if (!plan.watchOverdue) return;
  // The overdue watch is a timer of this workflow (versioned: older histories started a
  // workflow of its own for it). The workflow id `delivery:<eventId>` is the business key, so
  // a redelivered finalization finds this one running and does not start a second watch.
  if (patched('overdue-watch-as-timer')) {
    await watchUntilDue(local, plan.subjectId);
  } else {
    await startChild(invoiceOverdueWorkflow, {
      workflowId: overdueWorkflowId(plan.subjectId),
      args: [{ invoiceId: plan.subjectId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    }).catch((error: unknown) => {
      // Already watched: a redelivered finalization must not start a second watch.
      if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) {
        throw error;
      }
    });
  }
}

/**
 * Waits on a durable timer until the invoice's due date; if it is still unpaid then, records
 * invoice.overdue and hands it to delivery. Paid, voided or credited invoices end quietly.
 */
async function watchUntilDue(steps: typeof localSteps, invoiceId: string): Promise<void> {
  const { dueAtMs } = await steps.loadInvoiceDueDate({ invoiceId });
  if (dueAtMs === null) return;
  const waitMs = dueAtMs - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  await steps.recordOverdueIfUnpaid({ invoiceId, atMs: Date.now() });
}

/**
 * The overdue watch as a workflow of its own, as delivery started it before the watch became
 * its timer: kept so that watches already running finish.
 */
export async function invoiceOverdueWorkflow(input: { invoiceId: string }): Promise<void> {
  await watchUntilDue(activitySteps, input.invoiceId);
}
