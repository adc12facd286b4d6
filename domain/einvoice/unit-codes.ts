/**
 * UN/ECE Recommendation 20 unit codes (the code list EN 16931 and Peppol BIS 3 require for
 * InvoicedQuantity/@unitCode) for the unit labels our prices print. Only units that have a
 * code of their own are mapped; compound units such as "GB-month", "GB-hour", "GB-second",
 * "vCPU-hour" or "package" have none, so they are counted in C62 ("one") and the label
 * travels in Item/Description.
 */
const REC20_CODES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    second: 'SEC',
    seconds: 'SEC',
    minute: 'MIN',
    minutes: 'MIN',
    hour: 'HUR',
    hours: 'HUR',
    day: 'DAY',
    days: 'DAY',
    month: 'MON',
    months: 'MON',
    byte: 'AD',
    bytes: 'AD',
    MB: '4L',
    GB: 'E34',
    TB: 'E35',
  }),
);

/** The Rec 20 code that counts a unit; "C62" (one) when there is none. */
export function unitCodeFor(unit: string): string {
  return REC20_CODES.get(unit) ?? REC20_CODES.get(unit.toLowerCase()) ?? 'C62';
}
