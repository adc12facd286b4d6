export * from './types';
export type { RatedLine, RatedSubLine } from './rated-line';
export { ratePeriod } from './rate-period';
export { applyMinimumCommitment, MINIMUM_COMMITMENT_LINE_ID } from './minimum-commitment';
export { SECONDS_PER_UNIT } from './units';
export { burstMetersOf } from './burst-meters';
