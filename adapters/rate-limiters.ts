import {
  fullBucket,
  recordFailure,
  takeTokens,
  throttledForSeconds,
  type BucketLimits,
  type FailureLimits,
  type FailureWindow,
  type TokenBucket,
} from '../domain/rate-limit';

/** Past this many entries, a limiter drops the ones that no longer limit anything. */
const SWEEP_AT = 10_000;

/**
 * Events per API key, in this process's memory (domain/rate-limit.ts token buckets). A
 * bucket that has refilled to full limits nothing and is dropped at the next sweep.
 */
export class IngestRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: BucketLimits,
    private readonly now: () => number,
  ) {}

  /** Null when `events` may go now (and are counted), else the seconds to wait. */
  take(keyId: string, events: number): number | null {
    const nowMs = this.now();
    const take = takeTokens(
      this.buckets.get(keyId) ?? fullBucket(this.limits, nowMs),
      events,
      nowMs,
      this.limits,
    );
    this.buckets.set(keyId, take.bucket);
    if (this.buckets.size > SWEEP_AT) this.sweep(nowMs);
    return take.allowed ? null : take.retryAfterSeconds;
  }

  private sweep(nowMs: number): void {
    for (const [keyId, bucket] of this.buckets) {
      if (takeTokens(bucket, this.limits.burst, nowMs, this.limits).allowed) {
        this.buckets.delete(keyId);
      }
    }
  }
}

/**
 * Failed authentications per client address, in this process's memory: after `limit` in a
 * window the address waits for the window's end (domain/rate-limit.ts).
 */
export class AuthFailureThrottle {
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly now: () => number,
  ) {}

  /** Null when the address may try a key now, else the seconds to wait. */
  retryAfter(address: string): number | null {
    return throttledForSeconds(this.windows.get(address), this.now(), this.limits);
  }

  failed(address: string): void {
    const nowMs = this.now();
    this.windows.set(address, recordFailure(this.windows.get(address), nowMs, this.limits));
    if (this.windows.size > SWEEP_AT) {
      for (const [key, window] of this.windows) {
        if (nowMs >= window.startMs + this.limits.windowMs) this.windows.delete(key);
      }
    }
  }
}
