import type { Logger } from 'pino';
import type { EventDispatcher } from '../adapters/temporal/event-dispatcher';
import type { Database } from '../db/client';
import { dispatchPendingEvents } from '../services/dispatch-pending-events';

/**
 * Dispatches outbox events that nobody handed to delivery: the API or an activity crashed
 * between commit and dispatch. Events younger than one interval are left to the direct
 * dispatch that is usually already under way (a double dispatch would be harmless anyway).
 */
export function startOutboxRelay(options: {
  db: Database;
  dispatcher: EventDispatcher;
  intervalMs: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() =>
        dispatchPendingEvents(
          options.db,
          options.dispatcher,
          { olderThanMs: Date.now() - options.intervalMs },
          Date.now(),
        ),
      )
      .catch((error: unknown) => options.logger.warn({ err: error }, 'outbox relay pass failed'));
  }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
