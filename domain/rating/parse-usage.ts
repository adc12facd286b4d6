import { isDecimalString } from '../decimal';
import { BillingError } from '../errors';
import { dimensionsKey } from '../metering/dimensions';
import type { UsageGroup } from './types';

/** A usage group with what rating needs derived once: exact run time and its identity. */
export interface ParsedUsage {
  group: UsageGroup;
  /** `seconds` as integer milliseconds. */
  millis: number;
  dimensionsKey: string;
}

const SECONDS = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Checks the usage and derives its run time in integer milliseconds. `seconds` must equal
 * the sum of the runs (run_time bills runs, the tier models read `seconds`: they must agree),
 * and a (resource, meter, dimensions) may appear once, so nothing is ever counted twice.
 * Runs' `quantity` is informational and not checked here.
 */
export function parseUsage(usage: readonly UsageGroup[]): ParsedUsage[] {
  const seen = new Set<string>();
  return usage.map((group, index) => {
    const fail = (field: string, problem: string): never => {
      throw new BillingError(
        'invalid_usage',
        `usage[${index}] (${group.resourceId}, ${group.meter}): ${field} ${problem}`,
        {
          details: { index, resourceId: group.resourceId, meter: group.meter, field },
        },
      );
    };
    if (typeof group.resourceId !== 'string') fail('resourceId', 'must be a string');
    if (typeof group.meter !== 'string') fail('meter', 'must be a string');
    if (typeof group.dimensions !== 'object' || group.dimensions === null)
      fail('dimensions', 'must be an object');
    if (!isDecimalString(group.quantitySeconds))
      fail('quantitySeconds', 'must be a non-negative decimal string');
    if (!isDecimalString(group.quantity)) fail('quantity', 'must be a non-negative decimal string');
    const millis =
      secondsToMillis(group.seconds) ??
      fail('seconds', 'must be a decimal string of whole milliseconds');
    if (!Array.isArray(group.runs)) fail('runs', 'must be a list');
    let runMillis = 0;
    for (const run of group.runs) {
      const { durationMs, priorMs } = run;
      if (!Number.isSafeInteger(durationMs) || durationMs < 0)
        fail('runs.durationMs', 'must be whole milliseconds >= 0');
      if (priorMs !== undefined && (!Number.isSafeInteger(priorMs) || priorMs < 0)) {
        fail('runs.priorMs', 'must be whole milliseconds >= 0');
      }
      runMillis += durationMs;
    }
    if (runMillis !== millis) fail('seconds', `is not the sum of the runs (${runMillis} ms)`);
    const key = dimensionsKey(group.dimensions);
    const identity = JSON.stringify([group.resourceId, group.meter, key]);
    if (seen.has(identity)) {
      throw new BillingError(
        'duplicate_usage',
        `usage of ${group.resourceId} (${group.meter}) is listed twice`,
        {
          details: {
            index,
            resourceId: group.resourceId,
            meter: group.meter,
            dimensions: group.dimensions,
          },
        },
      );
    }
    seen.add(identity);
    return { group, millis, dimensionsKey: key };
  });
}

/** "3600.25" -> 3_600_250; null when not whole milliseconds or not a safe integer. */
function secondsToMillis(seconds: unknown): number | null {
  if (typeof seconds !== 'string' || !isDecimalString(seconds)) return null;
  const match = SECONDS.exec(seconds);
  if (match === null) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 3) return null;
  const millis = Number(match[1]) * 1000 + Number(fraction.padEnd(3, '0'));
  return Number.isSafeInteger(millis) ? millis : null;
}
