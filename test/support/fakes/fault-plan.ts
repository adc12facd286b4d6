/**
 * Failures a fake injects into its next requests, in order: answer a status instead of
 * handling the request, or handle it and answer late (the other side did the work, but
 * the caller timed out: the case idempotency keys exist for).
 */
export type Fault =
  { kind: 'status'; status: number; body?: unknown } | { kind: 'delay'; ms: number };

export interface FaultPlan {
  failNext: (count: number, status: number, body?: unknown) => void;
  delayNext: (count: number, ms: number) => void;
  /** The fault for the request now arriving, if any. */
  take: () => Fault | undefined;
}

export function createFaultPlan(): FaultPlan {
  const queue: Fault[] = [];
  return {
    failNext: (count, status, body) => {
      for (let i = 0; i < count; i += 1) queue.push({ kind: 'status', status, body });
    },
    delayNext: (count, ms) => {
      for (let i = 0; i < count; i += 1) queue.push({ kind: 'delay', ms });
    },
    take: () => queue.shift(),
  };
}

/** Waits, but never keeps the test process alive past a fake's close. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
