import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { BillingError } from '../domain/errors';

/**
 * A BillingError that retrying cannot fix (a validation error, a broken invariant) becomes a
 * non-retryable Temporal failure typed by its code, so the workflow sees it at once instead
 * of the activity retrying forever; retryable ones (and unknown errors) keep retrying. The
 * flag is the error's own: the thrower's `retryable` option, else the code's default in the
 * error catalogue (domain/error-catalogue.ts).
 */
export function toTemporalFailure(error: unknown): unknown {
  if (error instanceof BillingError && !error.retryable) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: error.details === undefined ? [] : [error.details],
      cause: error,
    });
  }
  return error;
}

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** How often a running activity tells the server it is alive. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * Wraps every activity of a set: failures go through toTemporalFailure, and a running
 * activity (not a local one) heartbeats every second. With a heartbeat timeout in the workflow's options, an
 * activity whose worker died (SIGKILL, OOM) is retried on another worker within seconds
 * instead of after its whole start-to-close timeout.
 */
export function wrapActivities<T extends AsyncFunctions>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      const context = Context.current();
      // A local activity has no heartbeat: its worker is the workflow's, which times it out.
      const beat = context.info.isLocal
        ? undefined
        : setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        return await activity(...args);
      } catch (error) {
        throw toTemporalFailure(error);
      } finally {
        clearInterval(beat);
      }
    };
  }
  return wrapped as T;
}
