import { segmentPlanOfLine } from '../invoice/plan-line-id';
import type { RatedLine } from '../rating/rated-line';

/** Adjustment lines (late usage of a finalized period) carry ids of this prefix. */
export const ADJUSTMENT_LINE_PREFIX = 'adj-';

/**
 * A human label for a line's service: the meter and its dimensions, sorted by key so the
 * same line always reads the same whatever order the dimensions were stored in.
 * vm.cpu {size: s-2vcpu} -> "vm.cpu · size=s-2vcpu";
 * an adjustment -> "Adjustment (late usage): vm.cpu · size=s-2vcpu".
 * A line of a period split by a plan change names its plan: "vm.cpu · plan pro".
 */
export function describeLine(line: Pick<RatedLine, 'lineId' | 'meter' | 'dimensions'>): string {
  const dimensions = Object.keys(line.dimensions)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${line.dimensions[key] ?? ''}`);
  const plan = segmentPlanOfLine(line.lineId);
  const service = [line.meter, ...dimensions, ...(plan === null ? [] : [`plan ${plan}`])].join(
    ' · ',
  );
  return line.lineId.startsWith(ADJUSTMENT_LINE_PREFIX)
    ? `Adjustment (late usage): ${service}`
    : service;
}
