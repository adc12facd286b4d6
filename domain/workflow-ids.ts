/**
 * Workflow ids are business keys (rule 7): the workflows, the activities and the Temporal
 * clients of the API and the outbox relay all derive them here, so starting one twice finds
 * the first instead of running it again.
 */
export const billingCycleWorkflowId = (customerId: string): string => `billing-cycle:${customerId}`;
/** One delivery chain per business event, so starting it twice delivers once. */
export const deliveryWorkflowId = (eventId: string): string => `delivery:${eventId}`;
export const overdueWorkflowId = (invoiceId: string): string => `overdue:${invoiceId}`;
