import { Decimal } from '../../decimal';
import { BillingError } from '../../errors';
import type { BurstSegment } from '../../metering/burst-usage';
import { toIso } from '../../time';
import { rateAggregated } from '../aggregate';
import type { LineResource, RateLine } from '../line';
import type { PeakModel } from '../types';
import { scopeGroups } from './burst-scope';

/**
 * `peak`: priced on the high-water mark, the most held at any instant of the period, per unit
 * of peak per billing period (not prorated). Within the scope (burst-scope.ts) the quantities
 * of the resources open at an instant are summed; the scopes' peaks are added up.
 *
 * Instants are half-open: a run held over [from, to) is not held at `to`, so a run that stops
 * when another starts does not overlap it, and a run that ends at the period start holds
 * nothing in the period. A zero-length run holds no instant.
 *
 * Worked example (issue 12), scope 'account': VMs of 2, 4 and 2 vCPU, the second and third
 * overlapping for 10 minutes -> peak 6 vCPU; at 1.50 per vCPU of peak that is 9.00. Scope
 * 'resource' would add each VM's own peak: 2 + 4 + 2 = 8 -> 12.00.
 *
 * The amount goes to the resources in proportion to what each held at the peak instant
 * (scope 'resource': its own peak), so the sub-lines add up to the line.
 */
export const ratePeak: RateLine<PeakModel> = (model, resources, freeUnits) => {
  const scope = model.scope ?? 'account';
  const divisor = new Decimal(model.unitDivisor ?? '1');
  const unitPrice = new Decimal(model.unitPrice);
  const { weights, atMs } = peakWeights(model, resources);
  const rated = rateAggregated(resources, weights, divisor, freeUnits, (billed) => ({
    amount: billed.times(unitPrice).div(divisor),
  }));
  const note =
    scope === 'account'
      ? atMs === null
        ? 'peak: nothing held'
        : `peak at ${toIso(atMs)}`
      : `peak per ${scope}`;
  return { ...rated, unitPrice, defaultUnit: 'unit', note };
};

/**
 * What each resource counts for in a line's peak, in the model's scope (before the unit
 * divisor): what it held at its scope's peak instant, or its own peak (scope 'resource').
 * Their sum is the line's peak. `atMs`: the account's peak instant (scope 'account'; null
 * for the other scopes, whose peaks fall at several instants, and when nothing is held).
 */
export function peakWeights(
  model: PeakModel,
  resources: readonly LineResource[],
): { weights: Decimal[]; atMs: number | null } {
  const scope = model.scope ?? 'account';
  const weights = resources.map(() => new Decimal(0));
  let atMs: number | null = null;
  for (const members of scopeGroups(resources, scope)) {
    if (scope === 'resource') {
      const i = members[0] as number;
      weights[i] = ownPeak(resources[i] as LineResource);
      continue;
    }
    const peak = peakOf(members.map((i) => segmentsOf(resources[i] as LineResource)));
    peak.held.forEach((held, k) => (weights[members[k] as number] = held));
    if (scope === 'account') atMs = peak.atMs;
  }
  return { weights, atMs };
}

/** A resource's own peak: its largest share (a resource's shares never overlap in time). */
function ownPeak(resource: LineResource): Decimal {
  let peak = new Decimal(0);
  for (const group of resource.groups) {
    for (const run of group.runs) {
      if (run.durationMs > 0) peak = Decimal.max(peak, run.quantity);
    }
  }
  return peak;
}

function segmentsOf(resource: LineResource): BurstSegment[] {
  const segments: BurstSegment[] = [];
  for (const group of resource.groups) {
    if (group.burst === undefined) {
      if (group.runs.every((run) => run.durationMs === 0)) continue;
      throw new BillingError(
        'invalid_usage',
        `usage of ${group.resourceId} (${group.meter}): a peak across resources needs the ` +
          'usage segments (metering includeBurst)',
        { details: { resourceId: group.resourceId, meter: group.meter, field: 'burst' } },
      );
    }
    segments.push(...group.burst.segments);
  }
  return segments;
}

export interface Peak {
  /** The highest sum held at one instant. */
  total: Decimal;
  /** The first instant it is held; null when nothing is ever held. */
  atMs: number | null;
  /** What each member held at `atMs`, in the order given (adds up to `total`). */
  held: Decimal[];
}

/**
 * The highest sum of the members' quantities at any instant: a sweep over the segments'
 * edges in time order, ends before starts at the same instant (half-open segments).
 */
export function peakOf(members: readonly (readonly BurstSegment[])[]): Peak {
  const edges: { atMs: number; delta: Decimal }[] = [];
  for (const segments of members) {
    for (const segment of segments) {
      if (segment.toMs <= segment.fromMs) continue;
      const quantity = new Decimal(segment.quantity);
      edges.push({ atMs: segment.fromMs, delta: quantity });
      edges.push({ atMs: segment.toMs, delta: quantity.neg() });
    }
  }
  edges.sort((a, b) => a.atMs - b.atMs || a.delta.comparedTo(b.delta));
  let current = new Decimal(0);
  let total = new Decimal(0);
  let atMs: number | null = null;
  for (const edge of edges) {
    current = current.plus(edge.delta);
    if (edge.delta.gt(0) && current.gt(total)) {
      total = current;
      atMs = edge.atMs;
    }
  }
  const at = atMs;
  const held = members.map((segments) =>
    at === null
      ? new Decimal(0)
      : segments
          .filter((s) => s.fromMs <= at && at < s.toMs)
          .reduce((sum, s) => sum.plus(s.quantity), new Decimal(0)),
  );
  return { total, atMs, held };
}
