/** Payment terms when the customer has none of its own: net 30. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Invoice numbers run gapless per calendar year (UTC) of finalization: INV-2026-000001,
 * INV-2026-000002, ... and INV-2027-000001 on the first finalization of 2027.
 */
export function invoiceNumbering(finalizedAtMs: number): {
  sequenceKey: string;
  format: (n: number) => string;
} {
  const year = new Date(finalizedAtMs).getUTCFullYear();
  return {
    sequenceKey: `INV-${year}`,
    format: (n) => `INV-${year}-${String(n).padStart(6, '0')}`,
  };
}

export function dueDateMs(
  finalizedAtMs: number,
  paymentTermsDays = DEFAULT_PAYMENT_TERMS_DAYS,
): number {
  return finalizedAtMs + paymentTermsDays * DAY_MS;
}
