import type { Dimensions } from '../events';
import type { RatedLine } from './rated-line';
import type { TaxCategoryName } from '../invoice/tax-categories';

/**
 * One run's time in the rated period. A run that crosses a period boundary (or is resized
 * into other dimensions) appears once per period (per dimension set) with its share.
 */
export interface UsageRun {
  /** The run's time in this period (under these dimensions), integer milliseconds. */
  durationMs: number;
  /** The run's quantity when it started; informational (`run_time` bills time only). */
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
  RunTimeModel | QuantityTimeModel | CounterModel | GraduatedModel | VolumeModel | PackageModel;

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
