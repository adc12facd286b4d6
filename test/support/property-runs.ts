import type fc from 'fast-check';

/**
 * Options for `fc.assert`: how many cases a property runs, and which seed to replay.
 *
 * - `PROPERTY_RUNS` (a positive integer) overrides every property's own number of runs:
 *   `npm run test:properties` sets 10,000; `npm test` leaves it unset, so each property runs
 *   its small default.
 * - `PROPERTY_SEED` (and optionally `PROPERTY_PATH`) replays a failure. A failing `fc.assert`
 *   throws an error whose message starts with `{ seed: ..., path: "...", endOnFailure: true }`;
 *   jest prints it. Example:
 *   `PROPERTY_SEED=-1337 PROPERTY_PATH="12:0:3" npx jest test/unit/rating-properties.test.ts`
 */
export function propertyRuns(defaultRuns = 100): fc.Parameters<unknown> {
  const runs = positiveInteger('PROPERTY_RUNS') ?? defaultRuns;
  const seed = integer('PROPERTY_SEED');
  const path = process.env.PROPERTY_PATH;
  return {
    numRuns: runs,
    ...(seed === undefined ? {} : { seed }),
    ...(seed !== undefined && path ? { path } : {}),
  };
}

function integer(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

function positiveInteger(name: string): number | undefined {
  const value = integer(name);
  if (value !== undefined && value < 1) throw new Error(`${name} must be positive, got ${value}`);
  return value;
}
