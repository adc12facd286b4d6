import { Decimal } from '../../domain/decimal';
import { createDocumentDateFormat } from '../../domain/documents/date-format';
import { createDocumentNumberFormat } from '../../domain/documents/number-format';

/**
 * Amounts, quantities and dates as the invoice documents print them: the same formatters
 * (domain/documents, pure code) in the customer's locale, currency and IANA time zone, so
 * "€1,234.50" on the portal is "€1,234.50" on the PDF.
 */
export interface PortalFormat {
  locale: string;
  timeZone: string;
  currency: string;
  amount(value: string): string;
  /** An unrounded amount rounded to the minor unit; null (nothing prices it) is a dash. */
  preciseAmount(value: string | null): string;
  /**
   * A measured quantity in the unit people read: run seconds as hours ("130.5 h"),
   * unit-seconds as unit-hours ("4,440 unit·h"), counters as counted. Exact figures stay in
   * the CSV and in each cell's title.
   */
  measure(quantity: string, unit: string): string;
  deduction(value: string): string;
  /** A precise amount with all its decimals (at least the currency's): "0.0037440" -> "€0.003744". */
  exactAmount(value: string): string;
  unitPrice(value: string): string;
  quantity(value: string): string;
  count(value: number): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  period(start: string, end: string): string;
  periodName(start: string, end: string): string;
  /** A bucket's start as its axis label: "14:00" per hour, "3 Nov" per day. */
  bucket(iso: string, granularity: 'hour' | 'day'): string;
  /** Seconds as "2 h 03 min 07 s"; the exact figure stays in the tables. */
  duration(seconds: string): string;
}

/** Units the API measures in seconds, and how they read per hour. */
const PER_HOUR: Record<string, string> = { second: 'h', 'unit-second': 'unit·h' };

export function createPortalFormat(
  locale: string,
  currency: string,
  timeZone: string,
): PortalFormat {
  const numbers = createDocumentNumberFormat(locale, currency);
  const dates = createDocumentDateFormat(locale, timeZone);
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const hour = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const day = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' });
  const ms = (iso: string) => Date.parse(iso);
  return {
    locale,
    timeZone,
    currency,
    amount: (value) => numbers.amount(value),
    preciseAmount: (value) => (value === null ? '—' : numbers.preciseAmount(value)),
    measure: (quantity, unit) => {
      const perHour = PER_HOUR[unit];
      if (perHour === undefined) return numbers.quantity(quantity);
      return `${numbers.quantity(new Decimal(quantity).div(3600).toFixed(2))} ${perHour}`;
    },
    deduction: (value) => numbers.deduction(value),
    exactAmount: (value) => numbers.unitPrice(value),
    unitPrice: (value) => numbers.unitPrice(value),
    quantity: (value) => numbers.quantity(value),
    count: (value) => numbers.count(value),
    date: (iso) => dates.date(ms(iso)),
    dateTime: (iso) => dateTime.format(ms(iso)),
    period: (start, end) => dates.period(ms(start), ms(end)),
    periodName: (start, end) => dates.periodName(ms(start), ms(end)),
    bucket: (iso, granularity) => (granularity === 'hour' ? hour : day).format(ms(iso)),
    duration: (seconds) => {
      const whole = Math.floor(Number(seconds));
      const h = Math.floor(whole / 3600);
      const m = Math.floor((whole % 3600) / 60);
      const s = whole % 60;
      const pad = (n: number) => String(n).padStart(2, '0');
      if (h > 0) return `${h} h ${pad(m)} min ${pad(s)} s`;
      if (m > 0) return `${m} min ${pad(s)} s`;
      return `${s} s`;
    },
  };
}
