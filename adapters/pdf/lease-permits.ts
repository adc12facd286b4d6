/**
 * A counting semaphore with a FIFO queue: leases beyond the pool's capacity wait in
 * arrival order instead of opening more pages (more pages than cores only adds memory).
 */
export interface LeasePermits {
  acquire(): Promise<void>;
  release(): void;
  /** Fails every waiting acquire (pool shutdown); later acquires still work. */
  rejectWaiting(error: Error): void;
}

export function createLeasePermits(count: number): LeasePermits {
  let free = count;
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    acquire() {
      if (free > 0) {
        free -= 1;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    release() {
      const next = waiting.shift();
      if (next) next.resolve();
      else free += 1;
    },
    rejectWaiting(error) {
      for (const waiter of waiting.splice(0)) waiter.reject(error);
    },
  };
}
