/**
 * Rate limits, the pure part: a token bucket (ingest, per API key) and a fixed-window failure
 * counter (failed authentication, per client address). Callers hold the state and pass the
 * clock in epoch ms; nothing here reads a clock or keeps a map.
 */

export interface BucketLimits {
  /** Tokens added per second (events per second). */
  ratePerSecond: number;
  /** The most tokens the bucket holds: the largest burst after a quiet spell. */
  burst: number;
}

/** A bucket as last seen: its tokens (negative after an oversize take) at `atMs`. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

export type Take =
  | { allowed: true; bucket: TokenBucket }
  | { allowed: false; bucket: TokenBucket; retryAfterSeconds: number };

/** A full bucket at `nowMs` (a key seen for the first time). */
export const fullBucket = (limits: BucketLimits, nowMs: number): TokenBucket => ({
  tokens: limits.burst,
  atMs: nowMs,
});

/**
 * Takes `cost` tokens at `nowMs`, after refilling `ratePerSecond` per second up to `burst`
 * (a clock going backwards refills nothing). A cost larger than the burst passes when the
 * bucket is full and leaves it in debt, so the average rate still holds. A refusal takes
 * nothing and says in how many whole seconds the cost will be there.
 *
 * Worked example: rate 10/s, burst 20, bucket {tokens 0, at 0}. At 1,500 ms it holds
 * min(20, 0 + 1.5 × 10) = 15: a take of 15 passes (0 left); a take of 18 is refused with
 * Retry-After ceil((18 − 15) / 10) = 1 s.
 */
export function takeTokens(
  bucket: TokenBucket,
  cost: number,
  nowMs: number,
  limits: BucketLimits,
): Take {
  const elapsedMs = Math.max(0, nowMs - bucket.atMs);
  const tokens = Math.min(limits.burst, bucket.tokens + (elapsedMs * limits.ratePerSecond) / 1000);
  const atMs = Math.max(nowMs, bucket.atMs);
  const needed = Math.min(cost, limits.burst);
  if (tokens >= needed) return { allowed: true, bucket: { tokens: tokens - cost, atMs } };
  return {
    allowed: false,
    bucket: { tokens, atMs },
    retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / limits.ratePerSecond)),
  };
}

export interface FailureLimits {
  /** Failures allowed in a window; the next attempt in it is refused. */
  limit: number;
  windowMs: number;
}

/** Failures counted since `startMs` (the first failure of the window). */
export interface FailureWindow {
  failures: number;
  startMs: number;
}

/** The window after one more failure at `nowMs`: a window that has ended starts again. */
export function recordFailure(
  window: FailureWindow | undefined,
  nowMs: number,
  limits: FailureLimits,
): FailureWindow {
  if (!window || nowMs >= window.startMs + limits.windowMs || nowMs < window.startMs) {
    return { failures: 1, startMs: nowMs };
  }
  return { failures: window.failures + 1, startMs: window.startMs };
}

/**
 * Seconds until an address with this window may try again, or null when it may now: after
 * `limit` failures, until the window ends.
 * Worked example: limit 3, window 60 s, failures 3 since 10,000 ms; at 25,000 ms the
 * address waits ceil((70,000 − 25,000) / 1000) = 45 s; at 70,000 ms it may try again.
 */
export function throttledForSeconds(
  window: FailureWindow | undefined,
  nowMs: number,
  limits: FailureLimits,
): number | null {
  if (!window || window.failures < limits.limit) return null;
  const endMs = window.startMs + limits.windowMs;
  if (nowMs >= endMs || nowMs < window.startMs) return null;
  return Math.max(1, Math.ceil((endMs - nowMs) / 1000));
}
