import { BillingError } from '../errors';
import type { BillingCycle, Period } from './types';
import { MS_PER_DAY, instantFromWallMs, wallMs, wallMsAt } from './zoned-time';

/**
 * A cycle's boundaries as wall-clock times (wall ms, see zoned-time.ts), numbered by k.
 * Working on the wall clock keeps "next local midnight" a sum even on a 23 h day; only the
 * boundaries are turned into instants.
 */
interface Layout {
  /** Boundary k; strictly increasing in k. */
  boundaryAt(k: number): number;
  /** The largest k whose boundary is at or before the wall time. */
  indexAt(wall: number): number;
}

const MS_PER_WEEK = 7 * MS_PER_DAY;
/** 1970-01-05, the first Monday of the epoch: the origin of calendar weeks. */
const FIRST_MONDAY = 4 * MS_PER_DAY;

function fixedStep(origin: number, step: number): Layout {
  return {
    boundaryAt: (k) => origin + k * step,
    indexAt: (wall) => Math.floor((wall - origin) / step),
  };
}

/** Midnight of a calendar date, as wall ms. */
function dateWall(year: number, month: number, day: number): number {
  return wallMs({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(dateWall(year, month + 1, 0)).getUTCDate();
}

/**
 * Month k = year * 12 + (month - 1) starts on `day`, clamped to that month's length, at
 * `timeOfDay`. The clamp is per month from the anchor's day (31 -> Feb 28 -> Mar 31), never
 * carried over from the previous month.
 */
function monthly(day: number, timeOfDay: number): Layout {
  const boundaryAt = (k: number): number => {
    const year = Math.floor(k / 12);
    const month = k - year * 12 + 1;
    return dateWall(year, month, Math.min(day, daysInMonth(year, month))) + timeOfDay;
  };
  return {
    boundaryAt,
    indexAt: (wall) => {
      const date = new Date(wall);
      const k = date.getUTCFullYear() * 12 + date.getUTCMonth();
      return boundaryAt(k) <= wall ? k : k - 1;
    },
  };
}

function layoutFor(cycle: BillingCycle): Layout {
  const anchor = cycle.anchorMs ?? null;
  // The anchor's own wall time is one boundary; the others are whole days/weeks/months away.
  const anchorWall = anchor === null ? null : wallMsAt(anchor, cycle.timezone);
  switch (cycle.schedule) {
    case 'daily':
      return fixedStep(anchorWall ?? 0, MS_PER_DAY);
    case 'weekly':
      return fixedStep(anchorWall ?? FIRST_MONDAY, MS_PER_WEEK);
    case 'monthly': {
      if (anchorWall === null) return monthly(1, 0);
      const timeOfDay = ((anchorWall % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      return monthly(new Date(anchorWall).getUTCDate(), timeOfDay);
    }
    default: {
      const schedule: never = cycle.schedule;
      const message = `Unknown billing schedule: ${String(schedule)}`;
      throw new BillingError('invalid_billing_schedule', message, { details: { schedule } });
    }
  }
}

// A customer's events arrive roughly in order, so the last period computed for a cycle
// nearly always holds the next event too; that skips the ~8 Intl calls below. The result is
// a function of the arguments alone, so the memo cannot change behaviour (workflow-safe).
const recent = new Map<string, Period>();
const RECENT_LIMIT = 1_000;

/**
 * The billing period [startMs, endMs) containing the instant. An instant exactly on a
 * boundary belongs to the period starting there. Throws BillingError `invalid_time_zone`.
 */
export function periodContaining(cycle: BillingCycle, instantMs: number): Period {
  if (!Number.isFinite(instantMs)) {
    throw new BillingError('invalid_instant', `Not a finite instant: ${instantMs}`, {
      details: { instantMs },
    });
  }
  const key = `${cycle.schedule}|${cycle.timezone}|${cycle.anchorMs ?? ''}`;
  const hit = recent.get(key);
  if (hit && hit.startMs <= instantMs && instantMs < hit.endMs) return { ...hit };
  const period = computePeriod(cycle, instantMs);
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, period);
  return { ...period };
}

function computePeriod(cycle: BillingCycle, instantMs: number): Period {
  const zone = cycle.timezone;
  const layout = layoutFor(cycle);
  const startOf = (k: number): number => instantFromWallMs(layout.boundaryAt(k), zone);

  // The wall clock's index is right except near a DST transition: in a fall-back overlap the
  // clock repeats an hour, and a boundary in a spring-forward gap moves later. Boundaries are
  // days apart and their instants never decrease, so at most a step or two corrects it; a
  // boundary lost in a day-long gap (Pacific/Apia 2011-12-30) gives an empty period to skip.
  let k = layout.indexAt(wallMsAt(instantMs, zone));
  let start = startOf(k);
  let end: number;
  if (instantMs < start) {
    do {
      k -= 1;
      end = start;
      start = startOf(k);
    } while (instantMs < start);
  } else {
    end = startOf(k + 1);
  }
  while (instantMs >= end) {
    k += 1;
    start = end;
    end = startOf(k + 1);
  }
  return { startMs: start, endMs: end };
}

/** The period starting where `period` ends; for any period this module returned, exactly that. */
export function nextPeriod(cycle: BillingCycle, period: Period): Period {
  return periodContaining(cycle, period.endMs);
}
