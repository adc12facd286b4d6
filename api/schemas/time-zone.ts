import { z } from 'zod';

/**
 * The IANA zones a customer may bill in: the canonical names this runtime lists
 * (`Intl.supportedValuesOf('timeZone')`) and "UTC", which it does not list. Each of them
 * passes domain/calendar's isValidTimeZone; the aliases Intl also understands ("US/Pacific",
 * "europe/berlin") are refused so that the document lists exactly what is accepted.
 */
export const TIME_ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort() as [
  string,
  ...string[],
];

export const timeZoneSchema = z.enum(TIME_ZONES, {
  error: 'must be an IANA time zone such as "Europe/Berlin"',
});
