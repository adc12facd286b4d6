import { builtOnce } from './built-once';
import { localParts } from '../calendar';

export interface DocumentDateFormat {
  /** The calendar day an instant falls on in the customer's zone: "1 Nov 2026" (en-GB). */
  date(instantMs: number): string;
  /**
   * A period [startMs, endMs) as its first and last day: "1 Nov 2026 – 30 Nov 2026". The
   * last day is the one of endMs - 1, since endMs itself is the first instant of the next
   * period (midnight of 1 Dec). A one-day period is a single date.
   */
  period(startMs: number, endMs: number): string;
  /** A name for the period: "November 2026" for a whole calendar month, else `period`. */
  periodName(startMs: number, endMs: number): string;
}

function isLocalMidnight(instantMs: number, timeZone: string): boolean {
  const p = localParts(instantMs, timeZone);
  return p.hour === 0 && p.minute === 0 && p.second === 0 && p.millisecond === 0;
}

function isWholeMonth(startMs: number, endMs: number, timeZone: string): boolean {
  if (!isLocalMidnight(startMs, timeZone) || !isLocalMidnight(endMs, timeZone)) return false;
  const start = localParts(startMs, timeZone);
  const end = localParts(endMs, timeZone);
  const nextMonth = start.month === 12 ? 1 : start.month + 1;
  const nextYear = start.month === 12 ? start.year + 1 : start.year;
  return start.day === 1 && end.day === 1 && end.month === nextMonth && end.year === nextYear;
}

/** Date formatters for one document: the customer's locale and IANA zone (built once each). */
export const createDocumentDateFormat: (locale: string, timeZone: string) => DocumentDateFormat =
  builtOnce(buildDateFormat);

function buildDateFormat(locale: string, timeZone: string): DocumentDateFormat {
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const month = new Intl.DateTimeFormat(locale, { timeZone, month: 'long', year: 'numeric' });

  const period = (startMs: number, endMs: number): string => {
    const first = day.format(startMs);
    const last = day.format(Math.max(startMs, endMs - 1));
    return first === last ? first : `${first} – ${last}`;
  };

  return {
    date: (instantMs) => day.format(instantMs),
    period,
    periodName: (startMs, endMs) =>
      isWholeMonth(startMs, endMs, timeZone) ? month.format(startMs) : period(startMs, endMs),
  };
}
