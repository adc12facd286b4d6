export { toUblXml, PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, type UblOptions } from './ubl';
export { computeUblAmounts, type UblAmounts } from './ubl-amounts';
export type { LineTaxRateIds, TaxCategory } from './tax-categories';
export { toInvoicesCsv, toInvoiceLinesCsv } from './csv';
export { unitCodeFor } from './unit-codes';
