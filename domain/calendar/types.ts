export type BillingSchedule = 'daily' | 'weekly' | 'monthly';

/** How a customer's billing periods are laid out on the calendar. */
export interface BillingCycle {
  schedule: BillingSchedule;
  /** IANA time zone; period boundaries are local wall-clock instants in this zone. */
  timezone: string;
  /**
   * Optional anchor instant (epoch ms). Absent: calendar-aligned periods (local midnight;
   * Monday for weekly; the 1st for monthly). Present: periods start at the anchor's local
   * time of day (daily), weekday and time (weekly), or day of month and time (monthly,
   * clamped to the month's last day).
   */
  anchorMs?: number | null;
}

/** A half-open interval of epoch milliseconds [startMs, endMs). */
export interface Period {
  startMs: number;
  endMs: number;
}
