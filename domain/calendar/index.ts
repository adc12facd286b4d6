export type { BillingCycle, BillingSchedule, Period } from './types';
export type { LocalDateTime, LocalParts } from './zoned-time';
export { instantFromLocal, isValidTimeZone, localParts, offsetMs } from './zoned-time';
export { nextPeriod, periodContaining } from './periods';
