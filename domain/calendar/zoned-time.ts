import { BillingError } from '../errors';

/** A wall-clock date and time with no zone. Fields may overflow (day 32) and are normalized. */
export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall clock an instant shows in a zone. */
export interface LocalParts extends LocalDateTime {
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export const MS_PER_DAY = 86_400_000;

// Building a DateTimeFormat costs far more than using one, and this runs on every event.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    // Pinned calendar and digits so a host default locale cannot change what we parse.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new BillingError('invalid_time_zone', `Unknown time zone: ${timeZone}`, {
      details: { timeZone },
      cause,
    });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** True for any zone name Intl accepts ('Europe/Berlin', 'UTC'); never throws. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A wall-clock time as if it were UTC ("wall ms"), so calendar arithmetic is plain integer
 * arithmetic. Date.UTC normalizes overflowing fields (Jan 32 -> Feb 1) but maps years 0-99
 * to 19xx, which setUTCFullYear undoes.
 */
export function wallMs(local: LocalDateTime): number {
  const { year, month, day, hour, minute, second, millisecond } = local;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (year < 0 || year > 99) return ms;
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return date.getTime();
}

function readWall(instantMs: number, timeZone: string): LocalDateTime {
  const local = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        local[part.type] = Number(part.value);
        break;
      default:
        break; // literals
    }
  }
  // Zone offsets are whole seconds, so the sub-second part is the instant's own.
  local.millisecond = ((instantMs % 1000) + 1000) % 1000;
  return local;
}

export function localParts(instantMs: number, timeZone: string): LocalParts {
  const local = readWall(instantMs, timeZone);
  const days = Math.floor(wallMs(local) / MS_PER_DAY);
  // 1970-01-01 (day 0) was a Thursday (4).
  const weekday = ((((days + 3) % 7) + 7) % 7) + 1;
  return { ...local, weekday };
}

/** The wall clock an instant shows in a zone, as wall ms. */
export function wallMsAt(instantMs: number, timeZone: string): number {
  return wallMs(readWall(instantMs, timeZone));
}

/** Local wall clock minus UTC at an instant: +3_600_000 for Berlin in winter. */
export function offsetMs(instantMs: number, timeZone: string): number {
  return wallMsAt(instantMs, timeZone) - instantMs;
}

/**
 * The instant a wall time (as wall ms) denotes, with "compatible" disambiguation as in
 * Temporal and JS Date: in a fall-back overlap the earlier instant; in a spring-forward gap
 * the offset in force before the transition, which moves the time forward by the gap
 * (Berlin 2026-03-29 02:30 -> 01:30Z = 03:30 CEST).
 *
 * Offsets a day either side bracket any single transition near the wall time (offsets are
 * under 15 h); each is a candidate that holds only if the zone really has that offset there.
 */
export function instantFromWallMs(wall: number, timeZone: string): number {
  const before = offsetMs(wall - MS_PER_DAY, timeZone);
  const after = offsetMs(wall + MS_PER_DAY, timeZone);
  const early = wall - before;
  if (offsetMs(early, timeZone) === before) return early; // the only or the earlier match
  const late = wall - after;
  if (before !== after && offsetMs(late, timeZone) === after) return late;
  return early; // gap: no instant shows this wall time
}

export function instantFromLocal(local: LocalDateTime, timeZone: string): number {
  return instantFromWallMs(wallMs(local), timeZone);
}
