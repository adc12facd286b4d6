/**
 * Credit notes run gapless per calendar year (UTC) of issue, apart from invoice numbers:
 * CN-2026-000001, CN-2026-000002, ... and CN-2027-000001 on the first note of 2027.
 */
export function creditNoteNumbering(issuedAtMs: number): {
  sequenceKey: string;
  format: (n: number) => string;
} {
  const year = new Date(issuedAtMs).getUTCFullYear();
  return {
    sequenceKey: `CN-${year}`,
    format: (n) => `CN-${year}-${String(n).padStart(6, '0')}`,
  };
}
