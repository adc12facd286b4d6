export { billingCycleWorkflow } from './billing-cycle.workflow';
