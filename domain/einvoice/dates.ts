import { localParts } from '../calendar';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * The calendar date an instant falls on in the customer's zone, as ISO 8601 (YYYY-MM-DD):
 * an invoice finalized 2026-03-31T23:30Z is dated 2026-04-01 for a customer in Berlin.
 */
export function isoDateInZone(instantMs: number, timeZone: string): string {
  const { year, month, day } = localParts(instantMs, timeZone);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The first and last calendar day of a period [startMs, endMs): the end instant itself
 * belongs to the next period, so the last day is the one of endMs - 1 (a March period ends
 * at April 1 00:00 local and is printed 2026-03-01 to 2026-03-31).
 */
export function periodDatesInZone(
  startMs: number,
  endMs: number,
  timeZone: string,
): { startDate: string; endDate: string } {
  return {
    startDate: isoDateInZone(startMs, timeZone),
    endDate: isoDateInZone(Math.max(startMs, endMs - 1), timeZone),
  };
}
