import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import { percentile } from './stats';

/** One activity type's executions on this worker. */
export interface ActivityTimes {
  name: string;
  count: number;
  /** Wall time inside the activity function, per execution. */
  runMs: number[];
  /** From the server scheduling the attempt to the worker starting it: queueing. */
  waitMs: number[];
}

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Wraps a worker's activities to time each execution and its schedule-to-start wait; the
 * activities themselves are untouched. The dev server runs on this machine, so its
 * scheduled timestamps and Date.now() share one clock.
 */
export function timeActivities<T extends AsyncFunctions>(
  activities: T,
): { activities: T; times: Map<string, ActivityTimes> } {
  const times = new Map<string, ActivityTimes>();
  const timed: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    const entry: ActivityTimes = { name, count: 0, runMs: [], waitMs: [] };
    times.set(name, entry);
    timed[name] = async (...args: never[]) => {
      entry.waitMs.push(Date.now() - Context.current().info.currentAttemptScheduledTimestampMs);
      const start = performance.now();
      try {
        return await activity(...args);
      } finally {
        entry.count += 1;
        entry.runMs.push(performance.now() - start);
      }
    };
  }
  return { activities: timed as T, times };
}

const mean = (values: number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/** One line per activity type that ran: count, run time and queue wait. */
export function describeActivityTimes(times: Map<string, ActivityTimes>): string[] {
  return [...times.values()]
    .filter((entry) => entry.count > 0)
    .map(
      (entry) =>
        `${entry.name.padEnd(24)} ${String(entry.count).padStart(6)} runs   run mean ${mean(entry.runMs).toFixed(0).padStart(5)} ms, p95 ${percentile(entry.runMs, 95).toFixed(0).padStart(5)} ms   wait mean ${mean(entry.waitMs).toFixed(0).padStart(6)} ms, p95 ${percentile(entry.waitMs, 95).toFixed(0).padStart(6)} ms`,
    );
}
