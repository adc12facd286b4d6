import { Decimal, isDecimalString } from '../decimal';
import { BillingError } from '../errors';
import { TAX_CATEGORIES } from '../invoice/tax-categories';
import { COUNTER_INTERVAL_MS } from '../metering/burst-usage';
import type { MeasureSpec, PercentileModel, Price, PriceModel, Tier } from './types';
import { SECONDS_PER_UNIT } from './units';

const MEASURES = ['seconds', 'quantitySeconds', 'quantity'];

/**
 * Checks a price list before anything is rated, so a bad price fails the whole period with
 * a code and the field named (`invalid_price`, `duplicate_price_id`), never half an invoice.
 */
export function validatePrices(prices: readonly Price[]): void {
  const ids = new Set<string>();
  for (const price of prices) {
    const fail = failFor(price.id);
    if (typeof price.id !== 'string' || price.id === '') fail('id', 'must be a non-empty string');
    if (ids.has(price.id)) {
      throw new BillingError('duplicate_price_id', `price id ${price.id} is used twice`, {
        details: { priceId: price.id },
      });
    }
    ids.add(price.id);
    if (typeof price.meter !== 'string' || price.meter === '')
      fail('meter', 'must be a non-empty string');
    if (!isStringRecord(price.dimensionsFilter))
      fail('dimensionsFilter', 'must map keys to strings');
    if (
      price.groupBy !== undefined &&
      !(Array.isArray(price.groupBy) && price.groupBy.every((k) => typeof k === 'string'))
    ) {
      fail('groupBy', 'must be a list of dimension keys');
    }
    if (price.freeUnits !== undefined) decimal(fail, 'freeUnits', price.freeUnits);
    if (
      price.taxCategory !== undefined &&
      !(TAX_CATEGORIES as readonly string[]).includes(price.taxCategory)
    ) {
      fail('taxCategory', `must be one of ${TAX_CATEGORIES.join(', ')}`);
    }
    const model: unknown = price.model;
    if (typeof model !== 'object' || model === null) fail('model', 'is missing');
    validateModel(price.model, fail);
    if (
      price.freeUnits !== undefined &&
      price.model.type === 'run_time' &&
      (price.model.minimumAmount !== undefined || price.model.periodCapAmount !== undefined)
    ) {
      // Those rules price each run and resource on its own; a line allowance has no place there.
      fail('freeUnits', 'cannot be combined with minimumAmount or periodCapAmount');
    }
  }
}

type Fail = (field: string, problem: string) => never;

function failFor(priceId: string): Fail {
  return (field, problem) => {
    throw new BillingError('invalid_price', `price ${priceId}: ${field} ${problem}`, {
      details: { priceId, field },
    });
  };
}

function validateModel(model: PriceModel, fail: Fail): void {
  switch (model.type) {
    case 'run_time':
      if (!['second', 'minute', 'hour'].includes(model.unit))
        fail('model.unit', 'must be second, minute or hour');
      decimal(fail, 'model.unitPrice', model.unitPrice);
      if (model.minimumSeconds !== undefined)
        wholeSeconds(fail, 'model.minimumSeconds', model.minimumSeconds, 0);
      if (model.roundingIncrementSeconds !== undefined) {
        wholeSeconds(fail, 'model.roundingIncrementSeconds', model.roundingIncrementSeconds, 1);
      }
      if (model.minimumAmount !== undefined)
        decimal(fail, 'model.minimumAmount', model.minimumAmount);
      if (model.periodCapAmount !== undefined)
        decimal(fail, 'model.periodCapAmount', model.periodCapAmount);
      return;
    case 'quantity_time':
      if (!['second', 'hour', 'month'].includes(model.unit))
        fail('model.unit', 'must be second, hour or month');
      decimal(fail, 'model.unitPrice', model.unitPrice);
      if (model.unitDivisor !== undefined)
        positiveDecimal(fail, 'model.unitDivisor', model.unitDivisor);
      if (model.baseline !== undefined) decimal(fail, 'model.baseline', model.baseline);
      if (
        model.baselineDimension !== undefined &&
        (typeof model.baselineDimension !== 'string' || model.baselineDimension === '')
      ) {
        fail('model.baselineDimension', 'must be a non-empty dimension key');
      }
      return;
    case 'peak':
      decimal(fail, 'model.unitPrice', model.unitPrice);
      scope(fail, model.scope);
      if (model.unitDivisor !== undefined)
        positiveDecimal(fail, 'model.unitDivisor', model.unitDivisor);
      return;
    case 'percentile':
      validatePercentile(model, fail);
      return;
    case 'counter':
      decimal(fail, 'model.unitPrice', model.unitPrice);
      if (model.unitDivisor !== undefined)
        positiveDecimal(fail, 'model.unitDivisor', model.unitDivisor);
      return;
    case 'graduated':
    case 'volume':
      validateMeasure(model, fail);
      validateTiers(model.tiers, fail);
      return;
    case 'package':
      validateMeasure(model, fail);
      positiveDecimal(fail, 'model.packageSize', model.packageSize);
      decimal(fail, 'model.packagePrice', model.packagePrice);
      return;
    default:
      fail('model.type', 'is not a known price model');
  }
}

const SCOPES = ['resource', 'account', 'project'];

function scope(fail: Fail, value: unknown): void {
  if (value !== undefined && !SCOPES.includes(value as string))
    fail('model.scope', 'must be resource, account or project');
}

/** Intervals are whole multiples of metering's 300 s intervals (burst-usage.ts), up to a day. */
function validatePercentile(model: PercentileModel, fail: Fail): void {
  decimal(fail, 'model.unitPrice', model.unitPrice);
  scope(fail, model.scope);
  const p: unknown = model.percentile;
  if (p !== undefined && !(typeof p === 'number' && Number.isFinite(p) && p > 0 && p <= 100))
    fail('model.percentile', 'must be a number greater than 0 and at most 100');
  const seconds: unknown = model.intervalSeconds;
  if (
    seconds !== undefined &&
    !(
      typeof seconds === 'number' &&
      Number.isInteger(seconds) &&
      seconds > 0 &&
      seconds <= 86_400 &&
      (seconds * 1000) % COUNTER_INTERVAL_MS === 0
    )
  ) {
    fail('model.intervalSeconds', 'must be a multiple of 300 seconds, at most 86400');
  }
  if (model.rateDivisor !== undefined)
    positiveDecimal(fail, 'model.rateDivisor', model.rateDivisor);
}

function validateMeasure(spec: MeasureSpec, fail: Fail): void {
  if (!MEASURES.includes(spec.measure))
    fail('model.measure', 'must be seconds, quantitySeconds or quantity');
  if (spec.unit !== undefined) {
    if (spec.measure === 'quantity') fail('model.unit', 'applies to time measures only');
    if (!Object.hasOwn(SECONDS_PER_UNIT, spec.unit))
      fail('model.unit', 'must be second, minute, hour or month');
  }
  if (spec.unitDivisor !== undefined) positiveDecimal(fail, 'model.unitDivisor', spec.unitDivisor);
}

/** Tiers: upTo strictly increasing, the last one open-ended (null), so every unit has a price. */
function validateTiers(tiers: readonly Tier[], fail: Fail): void {
  const list: unknown = tiers;
  if (!Array.isArray(list) || list.length === 0) fail('model.tiers', 'must not be empty');
  let previous = new Decimal(0);
  tiers.forEach((tier, i) => {
    const field = `model.tiers[${i}]`;
    decimal(fail, `${field}.unitPrice`, tier.unitPrice);
    if (tier.flatPrice !== undefined) decimal(fail, `${field}.flatPrice`, tier.flatPrice);
    const last = i === tiers.length - 1;
    if (tier.upTo === null) {
      if (!last) fail(`${field}.upTo`, 'may be null only in the last tier');
      return;
    }
    if (last) fail(`${field}.upTo`, 'must be null: the last tier is open-ended');
    decimal(fail, `${field}.upTo`, tier.upTo);
    const upTo = new Decimal(tier.upTo);
    if (upTo.lte(previous)) fail(`${field}.upTo`, 'must be greater than the previous tier');
    previous = upTo;
  });
}

function decimal(fail: Fail, field: string, value: unknown): void {
  if (typeof value !== 'string' || !isDecimalString(value)) {
    fail(field, 'must be a non-negative decimal string');
  }
}

function positiveDecimal(fail: Fail, field: string, value: unknown): void {
  decimal(fail, field, value);
  if (new Decimal(value as string).isZero()) fail(field, 'must be greater than zero');
}

function wholeSeconds(fail: Fail, field: string, value: unknown, min: number): void {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value * 1000) ||
    !Number.isInteger(value) ||
    value < min
  ) {
    fail(field, `must be a whole number of seconds >= ${min}`);
  }
}

function isStringRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
