export * from './types';
export { assembleInvoice } from './assemble';
export { allocateLargestRemainder } from './allocation';
export { computeCouponDiscount, isCouponActive, recordCouponPeriod } from './coupons';
export {
  computeCreditsApplied,
  creditBalance,
  creditBalanceOfTotals,
  creditConsumptionEntry,
  creditConsumptionReference,
} from './credits';
export type { CreditTotals } from './credits';
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
export {
  costPerMeter,
  projectUsageToPeriodEnd,
  type MeterCost,
  type UsageProjectionInput,
} from './forecast';
export {
  computeCreditNote,
  type CreditableInvoice,
  type CreditNoteAmounts,
  type CreditNoteLine,
} from './credit-notes';
export { adjustmentLineId, rateLateUsageAdjustments } from './adjustments';
export type { BusinessEvent } from './business-event';
export type {
  CreditEntryView,
  InvoiceHeader,
  NewCreditEntry,
  StoredCreditNote,
  StoredInvoice,
} from './stored-records';
export {
  decideFinalization,
  needsFinalization,
  type FinalizationDecision,
  type FinalizationState,
} from './finalization';
export {
  decidePayment,
  eventsForPayment,
  type PaymentDecision,
  type PaymentRequest,
  type PaymentTarget,
} from './payment-decision';
export { decideVoid, eventsForVoid, type VoidDecision, type VoidTarget } from './void-decision';
export { creditNoteNumbering } from './credit-note-numbering';
export {
  creditNoteExists,
  decideCreditNoteReplay,
  type CreditNoteReplay,
  type CreditNoteRequest,
} from './credit-note-replay';
export {
  settleWithCreditNote,
  type CreditedInvoice,
  type CreditNoteSettlement,
} from './credit-note-settlement';
export { decideCreditGrant, decideLedgerReplay } from './credit-grant';
