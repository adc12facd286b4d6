import { BillingError } from '../errors';
import { MS_PER_DAY, instantFromWallMs, wallMsAt } from '../calendar/zoned-time';

export type Granularity = 'hour' | 'day';

const MS_PER_HOUR = 3_600_000;

/**
 * The edges of the buckets that cover [fromMs, toMs): `fromMs`, every local hour or local
 * midnight of `timeZone` strictly inside the range, then `toMs`. Bucket i is
 * [edges[i], edges[i + 1]); a range that does not start on a boundary gets a shorter first
 * (and last) bucket, so the buckets always tile the range exactly.
 *
 * Day buckets follow the wall clock: in Europe/Berlin, 2026-03-29 is 23 h long
 * (2026-03-28T23:00Z to 2026-03-29T22:00Z) and 2026-10-25 is 25 h long
 * (2026-10-24T22:00Z to 2026-10-25T23:00Z). Hour buckets are local hours: a 25 h day has 25
 * of them, a 23 h day 23; in a zone with a half-hour offset (Asia/Kolkata, +05:30) they start
 * at :30 UTC.
 */
export function bucketEdges(
  fromMs: number,
  toMs: number,
  granularity: Granularity,
  timeZone: string,
): number[] {
  if (!(toMs > fromMs)) {
    throw new BillingError('invalid_request', 'the range is empty', {
      details: [{ field: 'to', message: 'must be after from' }],
    });
  }
  const edges = [fromMs];
  const next = granularity === 'hour' ? nextLocalHour : nextLocalMidnight;
  for (let edge = next(fromMs, timeZone); edge < toMs; edge = next(edge, timeZone)) {
    edges.push(edge);
  }
  edges.push(toMs);
  return edges;
}

/**
 * The first instant after `instantMs` at which the local clock shows a whole hour. Offsets
 * change by whole hours almost everywhere, so one hour later is the next boundary; the wall
 * clock check corrects the rare half-hour shift (Australia/Lord_Howe).
 */
function nextLocalHour(instantMs: number, timeZone: string): number {
  const wall = wallMsAt(instantMs, timeZone);
  const intoHour = ((wall % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR;
  const candidate = instantMs - intoHour + MS_PER_HOUR;
  const wallThere = wallMsAt(candidate, timeZone);
  const off = ((wallThere % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR;
  return off === 0 || candidate - off <= instantMs ? candidate : candidate - off;
}

/** The next local midnight after `instantMs` (a day in a spring-forward gap starts late). */
function nextLocalMidnight(instantMs: number, timeZone: string): number {
  const wall = wallMsAt(instantMs, timeZone);
  const midnight = Math.floor(wall / MS_PER_DAY) * MS_PER_DAY;
  let day = midnight + MS_PER_DAY;
  let instant = instantFromWallMs(day, timeZone);
  // A zone that skipped a whole day (Pacific/Apia 2011-12-30) maps it onto the next one.
  while (instant <= instantMs) {
    day += MS_PER_DAY;
    instant = instantFromWallMs(day, timeZone);
  }
  return instant;
}

/**
 * The index of the bucket holding `instantMs` (edges[i] <= instant < edges[i + 1]), or -1
 * outside the range: a binary search over the precomputed edges.
 */
export function bucketIndex(edges: readonly number[], instantMs: number): number {
  const last = edges.length - 1;
  if (instantMs < (edges[0] as number) || instantMs >= (edges[last] as number)) return -1;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) <= instantMs) lo = mid;
    else hi = mid;
  }
  return lo;
}
