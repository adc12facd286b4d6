export * from './types';
export { assembleInvoice } from './assemble';
export { allocateLargestRemainder } from './allocation';
export { computeCouponDiscount, isCouponActive, recordCouponPeriod } from './coupons';
export {
  computeCreditsApplied,
  creditBalance,
  creditConsumptionEntry,
  creditConsumptionReference,
} from './credits';
export { computeTaxes, resolveLineTaxRates, taxRateCatalog } from './taxes';
export {
  draftInvoice,
  invoiceIdFor,
  isEmptyInvoice,
  usageGroupsOf,
  type DraftInvoice,
  type PlanTerms,
} from './draft-invoice';
export { DEFAULT_PAYMENT_TERMS_DAYS, dueDateMs, invoiceNumbering } from './numbering';
export {
  applyPayment,
  assertVoidable,
  displayedStatus,
  remaining,
  type InvoiceStatus,
} from './payments';
export { forecastToPeriodEnd } from './forecast';
export {
  computeCreditNote,
  type CreditableInvoice,
  type CreditNoteAmounts,
  type CreditNoteLine,
} from './credit-notes';
export { adjustmentLineId, rateLateUsageAdjustments } from './adjustments';
