import {
  fullBucket,
  recordFailure,
  takeTokens,
  throttledForSeconds,
  type FailureWindow,
  type Take,
  type TokenBucket,
} from '../../domain/rate-limit';

describe('token bucket: rate 10/s, burst 20', () => {
  const limits = { ratePerSecond: 10, burst: 20 };

  test.each<[string, TokenBucket, number, number, Take]>([
    // A new key starts full: 20 - 5 = 15 left.
    [
      'a first take',
      { tokens: 20, atMs: 0 },
      5,
      0,
      { allowed: true, bucket: { tokens: 15, atMs: 0 } },
    ],
    // The whole burst at once: 0 left.
    [
      'the burst',
      { tokens: 20, atMs: 0 },
      20,
      0,
      { allowed: true, bucket: { tokens: 0, atMs: 0 } },
    ],
    // 1,500 ms refill 15 tokens; 15 taken leaves 0.
    [
      'a refill, taken whole',
      { tokens: 0, atMs: 0 },
      15,
      1_500,
      { allowed: true, bucket: { tokens: 0, atMs: 1_500 } },
    ],
    // 15 there, 18 asked: 3 missing at 10/s -> ceil(0.3) = 1 s; nothing is taken.
    [
      'too much',
      { tokens: 0, atMs: 0 },
      18,
      1_500,
      { allowed: false, bucket: { tokens: 15, atMs: 1_500 }, retryAfterSeconds: 1 },
    ],
    // Empty, 20 asked: 20 missing at 10/s -> 2 s.
    [
      'empty',
      { tokens: 0, atMs: 1_000 },
      20,
      1_000,
      { allowed: false, bucket: { tokens: 0, atMs: 1_000 }, retryAfterSeconds: 2 },
    ],
    // A long quiet spell refills up to the burst only: min(20, 0 + 600) = 20.
    [
      'a quiet spell',
      { tokens: 0, atMs: 0 },
      20,
      60_000,
      { allowed: true, bucket: { tokens: 0, atMs: 60_000 } },
    ],
    // More than the burst passes only from a full bucket and leaves a debt of 25 - 20 = 5.
    [
      'oversize, full',
      { tokens: 20, atMs: 0 },
      25,
      0,
      { allowed: true, bucket: { tokens: -5, atMs: 0 } },
    ],
    // Oversize from 19 tokens: it waits for the bucket to be full, 1 token -> 1 s.
    [
      'oversize, not full',
      { tokens: 19, atMs: 0 },
      25,
      0,
      { allowed: false, bucket: { tokens: 19, atMs: 0 }, retryAfterSeconds: 1 },
    ],
    // The debt is paid first: -5 + 0.5 s x 10 = 0 tokens, 1 asked -> ceil(0.1) = 1 s.
    [
      'in debt',
      { tokens: -5, atMs: 0 },
      1,
      500,
      { allowed: false, bucket: { tokens: 0, atMs: 500 }, retryAfterSeconds: 1 },
    ],
    // A clock going backwards refills nothing and keeps the later instant.
    [
      'a clock going back',
      { tokens: 4, atMs: 5_000 },
      5,
      4_000,
      { allowed: false, bucket: { tokens: 4, atMs: 5_000 }, retryAfterSeconds: 1 },
    ],
    // 0 asked always passes (an empty batch).
    [
      'nothing asked',
      { tokens: 0, atMs: 0 },
      0,
      0,
      { allowed: true, bucket: { tokens: 0, atMs: 0 } },
    ],
  ])('%s', (_name, bucket, cost, nowMs, expected) => {
    expect(takeTokens(bucket, cost, nowMs, limits)).toEqual(expected);
  });

  test('holds the rate over time: 10/s for 10 s after the burst is 20 + 100 events', () => {
    let bucket = fullBucket(limits, 0);
    let passed = 0;
    for (let ms = 0; ms <= 10_000; ms += 100) {
      for (;;) {
        const take = takeTokens(bucket, 1, ms, limits);
        bucket = take.bucket;
        if (!take.allowed) break;
        passed += 1;
      }
    }
    expect(passed).toEqual(20 + 100);
  });
});

describe('failed authentication: 3 failures per 60 s', () => {
  const limits = { limit: 3, windowMs: 60_000 };

  test.each<[string, FailureWindow | undefined, number, FailureWindow]>([
    ['the first failure opens a window', undefined, 10_000, { failures: 1, startMs: 10_000 }],
    [
      'a failure in the window counts',
      { failures: 2, startMs: 10_000 },
      69_999,
      { failures: 3, startMs: 10_000 },
    ],
    [
      'a failure after the window starts anew',
      { failures: 3, startMs: 10_000 },
      70_000,
      { failures: 1, startMs: 70_000 },
    ],
    [
      'a clock going back starts anew',
      { failures: 3, startMs: 10_000 },
      9_000,
      { failures: 1, startMs: 9_000 },
    ],
  ])('%s', (_name, window, nowMs, expected) => {
    expect(recordFailure(window, nowMs, limits)).toEqual(expected);
  });

  test.each<[string, FailureWindow | undefined, number, number | null]>([
    ['no failures', undefined, 10_000, null],
    ['fewer than the limit', { failures: 2, startMs: 10_000 }, 25_000, null],
    // Until 70,000 ms: (70,000 - 25,000) / 1000 = 45 s.
    ['at the limit', { failures: 3, startMs: 10_000 }, 25_000, 45],
    // 100 ms before the end rounds up to 1 s.
    ['just before the end', { failures: 5, startMs: 10_000 }, 69_900, 1],
    ['the window has ended', { failures: 3, startMs: 10_000 }, 70_000, null],
  ])('%s', (_name, window, nowMs, expected) => {
    expect(throttledForSeconds(window, nowMs, limits)).toEqual(expected);
  });
});
