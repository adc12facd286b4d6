import type { Dimensions } from '../events';
import type { BurstUsage } from '../metering/burst-usage';
import type { RatedLine } from './rated-line';
import type { TaxCategoryName } from '../invoice/tax-categories';

/**
 * One run's time in the rated period. A run that crosses a period boundary (or is resized
 * into other dimensions) appears once per period (per dimension set) with its share.
 */
export interface UsageRun {
  /** The run's time in this period (under these dimensions), integer milliseconds. */
  durationMs: number;
  /**
   * The quantity held during this share: metering gives one share per quantity (a resize
   * starts a new share of the same run). `run_time` ignores it; a `quantity_time` baseline
   * reads it (the overage of each share).
   */
  quantity: string;
  /**
   * Absent: the run starts here. A number: this entry continues a run of which `priorMs`
   * were counted in earlier entries (earlier periods or dimensions). Per-run minimums and
   * increments are then applied to the whole run, and this entry bills only the excess over
   * what was already billed (see models/run-time.ts).
   */
  priorMs?: number;
}

/** Usage of one (resource, meter, dimensions) in a period, as the metering summary reports it. */
export interface UsageGroup {
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  /** Run time in seconds (millisecond precision); equals the sum of `runs[].durationMs`. */
  seconds: string;
  /** Sum of quantity x run time, e.g. GB-seconds. */
  quantitySeconds: string;
  /** Sum of `usage.recorded` quantities, e.g. bytes. */
  quantity: string;
  runs: UsageRun[];
  /**
   * Where in the period the usage happened, for the models that need more than totals
   * (peak across resources, percentile): present when metering was asked for it
   * (`includeBurst`, domain/metering/usage-report.ts). See domain/metering/burst-usage.ts.
   */
  burst?: BurstUsage;
}

export type RunTimeUnit = 'second' | 'minute' | 'hour';
export type QuantityTimeUnit = 'second' | 'hour' | 'month';
/** A month is 730 hours (2,628,000 s): 8,760 h / 12, the convention of public cloud price lists. */
export type TimeUnit = RunTimeUnit | QuantityTimeUnit;

/** Which usage figure a tiered or package price reads. */
export type Measure = 'seconds' | 'quantitySeconds' | 'quantity';

/** The usage figure a tiered or package price reads, and the unit its prices are quoted in. */
export interface MeasureSpec {
  measure: Measure;
  /** Time unit for 'seconds' and 'quantitySeconds' (default 'second'); not for 'quantity'. */
  unit?: TimeUnit;
  /** Divides the quantity, e.g. bytes -> GB: "1000000000" (default "1"). */
  unitDivisor?: string;
}

export interface RunTimeModel {
  type: 'run_time';
  unit: RunTimeUnit;
  /** Per `unit` of run time, accrued per millisecond. */
  unitPrice: string;
  /** Each run is billed for at least this many seconds (integer). */
  minimumSeconds?: number;
  /** Each run costs at least this amount. */
  minimumAmount?: string;
  /** Each run's time is rounded up to a multiple of this many seconds (positive integer). */
  roundingIncrementSeconds?: number;
  /** A resource never costs more than this in a period (e.g. a monthly price). */
  periodCapAmount?: string;
}

export interface QuantityTimeModel {
  type: 'quantity_time';
  /** 'hour' prices GB-hours, 'month' GB-months (730 h). */
  unit: QuantityTimeUnit;
  unitPrice: string;
  /** Divides the quantity, e.g. byte-seconds -> GB-seconds: "1000000000" (default "1"). */
  unitDivisor?: string;
  /**
   * Burstable: the quantity the base price includes (e.g. "0.5" vCPU). Each second accrues
   * max(0, quantity - baseline), from the runs' quantities (models/quantity-time.ts).
   */
  baseline?: string;
  /**
   * A dimension whose value is the resource's own baseline (e.g. "baseline" set from the
   * flavor). A usage group with that dimension (a decimal string) uses it; one without it
   * uses `baseline` (default 0).
   */
  baselineDimension?: string;
}

/**
 * Which resources are summed before the peak or percentile is taken, within a line:
 * 'resource' takes each resource's own and sums them; 'account' sums every resource of the
 * line first; 'project' sums per project (the `$project` dimension of
 * domain/projects/project-dimension.ts) and adds the projects up.
 */
export type BurstScope = 'resource' | 'account' | 'project';

export interface PeakModel {
  type: 'peak';
  /** Per unit of peak (e.g. per vCPU) per billing period. */
  unitPrice: string;
  /** Default 'account'. */
  scope?: BurstScope;
  /** Divides the quantity, e.g. MB -> GB: "1000" (default "1"). */
  unitDivisor?: string;
}

export interface PercentileModel {
  type: 'percentile';
  /** Per rate unit (e.g. per Mbps) of the billed percentile, per billing period. */
  unitPrice: string;
  /** Which percentile is billed, 0 < p <= 100 (default 95: the top 5 % is dropped). */
  percentile?: number;
  /** Interval length in seconds, a multiple of 300 (default 300). */
  intervalSeconds?: number;
  /**
   * Converts the quantity per second into the rate unit: bytes -> Mbps is "125000"
   * (1 Mbps = 10^6 bit/s = 125,000 bytes/s). Default "1" (quantity per second).
   */
  rateDivisor?: string;
  /** Default 'resource' (each port's own 95th percentile, the carriers' usual rule). */
  scope?: BurstScope;
}

export interface CounterModel {
  type: 'counter';
  unitPrice: string;
  /** e.g. bytes -> GB: "1000000000"; GiB: "1073741824" (default "1"). */
  unitDivisor?: string;
}

export interface Tier {
  /** Inclusive upper bound in price units; null for the last, open-ended tier. */
  upTo: string | null;
  unitPrice: string;
  /** Charged once when the line has units in this tier (graduated) or ends in it (volume). */
  flatPrice?: string;
}

export interface GraduatedModel extends MeasureSpec {
  type: 'graduated';
  tiers: Tier[];
}

export interface VolumeModel extends MeasureSpec {
  type: 'volume';
  tiers: Tier[];
}

export interface PackageModel extends MeasureSpec {
  type: 'package';
  /** Units per package; a started package is billed whole. */
  packageSize: string;
  packagePrice: string;
}

export type PriceModel =
  | RunTimeModel
  | QuantityTimeModel
  | CounterModel
  | GraduatedModel
  | VolumeModel
  | PackageModel
  | PeakModel
  | PercentileModel;

export interface Price {
  id: string;
  meter: string;
  /** Subset match on the usage's dimensions; the matching price with most keys wins. */
  dimensionsFilter: Record<string, string>;
  /** Dimension keys a line is split by; default: all of the usage's dimensions. */
  groupBy?: string[];
  /** Free units per period (in price units), taken off the line's aggregated units. */
  freeUnits?: string;
  /** Unit label for documents ("GB-month"); default derived from the model. */
  unitLabel?: string;
  /** The VAT category of its lines (domain/invoice/tax-categories.ts); default 'standard'. */
  taxCategory?: TaxCategoryName;
  model: PriceModel;
}

export interface RatePeriodInput {
  currency: string;
  prices: Price[];
  usage: UsageGroup[];
}

export interface RatePeriodResult {
  lines: RatedLine[];
  /** Usage that no price matches, never dropped: the caller decides (alert, hold the invoice). */
  unmatched: UsageGroup[];
}
export type { BurstSegment, BurstUsage } from '../metering/burst-usage';
