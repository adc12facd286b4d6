export { billingCycleWorkflow } from './billing-cycle.workflow';
export { billingEventDeliveryWorkflow, invoiceOverdueWorkflow } from './delivery.workflow';
