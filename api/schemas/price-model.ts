import { z } from 'zod';
import { Decimal, isDecimalString, MAX_DECIMAL_LENGTH } from '../../domain/decimal';

/** domain/decimal.ts isDecimalString as a pattern and a length (test/unit checks they agree). */
export const DECIMAL_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;
/** A decimal string that is not zero ("0", "0.000"). */
export const NON_ZERO_PATTERN = /^(?!0(\.0+)?$)/;

const DECIMAL_MESSAGE = 'must be a non-negative decimal string such as "0.0066"';

/** Non-negative decimal string without exponent ("0.0066"), as domain/decimal.ts defines. */
export const decimalString = z
  .string()
  .max(MAX_DECIMAL_LENGTH, DECIMAL_MESSAGE)
  .regex(DECIMAL_PATTERN, DECIMAL_MESSAGE);

export const positiveDecimalString = decimalString.regex(
  NON_ZERO_PATTERN,
  'must be greater than zero',
);

const wholeSeconds = (min: number) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min}`)
    .max(31 * 24 * 3600, 'at most 2678400 (31 days)');

const runTime = z.strictObject({
  type: z.literal('run_time'),
  unit: z.enum(['second', 'minute', 'hour'], { error: 'must be second, minute or hour' }),
  unitPrice: decimalString,
  minimumSeconds: wholeSeconds(0).optional(),
  minimumAmount: decimalString.optional(),
  roundingIncrementSeconds: wholeSeconds(1).optional(),
  periodCapAmount: decimalString.optional(),
});

const quantityTime = z.strictObject({
  type: z.literal('quantity_time'),
  unit: z.enum(['second', 'hour', 'month'], { error: 'must be second, hour or month' }),
  unitPrice: decimalString,
  unitDivisor: positiveDecimalString.optional(),
  baseline: decimalString.optional().meta({
    description:
      'Burstable: the quantity the base price includes (e.g. "0.5" vCPU). Each second accrues ' +
      'max(0, quantity - baseline) units.',
  }),
  baselineDimension: z
    .string()
    .min(1, 'must not be empty')
    .max(100, 'at most 100 characters')
    .optional()
    .meta({
      description:
        "A dimension holding the resource's own baseline (a decimal string, e.g. set from " +
        'the flavor); usage without it uses `baseline` (default 0).',
    }),
});

const scope = z
  .enum(['resource', 'account', 'project'], { error: 'must be resource, account or project' })
  .meta({
    description:
      "Which resources of a line are summed before the peak or percentile is taken: 'resource' " +
      "takes each resource's own and adds them up, 'account' sums the line's resources first, " +
      "'project' sums per project.",
  });

const peak = z.strictObject({
  type: z.literal('peak'),
  unitPrice: decimalString.meta({ description: 'Per unit of peak (e.g. per vCPU) per period' }),
  scope: scope.optional(),
  unitDivisor: positiveDecimalString.optional(),
});

/** Percentiles are numbers in (0, 100], e.g. 95 or 99.5. */
const percentileValue = z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100');

const percentile = z.strictObject({
  type: z.literal('percentile'),
  unitPrice: decimalString.meta({
    description: 'Per rate unit (e.g. per Mbps) of the billed percentile, per period',
  }),
  percentile: percentileValue.optional().meta({ description: 'Default 95' }),
  intervalSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .positive('must be greater than 0')
    .max(86_400, 'at most 86400 (1 day)')
    .multipleOf(300, 'must be a multiple of 300')
    .optional()
    .meta({ description: 'Default 300; a multiple of 300 (the metering interval)' }),
  rateDivisor: positiveDecimalString.optional().meta({
    description:
      'Converts the quantity per second into the rate unit: bytes -> Mbps is "125000" ' +
      '(1 Mbps = 10^6 bit/s); default "1"',
  }),
  scope: scope.optional(),
});

const counter = z.strictObject({
  type: z.literal('counter'),
  unitPrice: decimalString,
  unitDivisor: positiveDecimalString.optional(),
});

const measureSpec = {
  measure: z.enum(['seconds', 'quantitySeconds', 'quantity'], {
    error: 'must be seconds, quantitySeconds or quantity',
  }),
  unit: z
    .enum(['second', 'minute', 'hour', 'month'], { error: 'must be second, minute, hour or month' })
    .optional(),
  unitDivisor: positiveDecimalString.optional(),
};

/** A unit converts time only: "quantity" counts things (bytes, requests), not seconds. */
function unitOnlyForTime(spec: { measure: string; unit?: string }, ctx: z.RefinementCtx): void {
  if (spec.measure === 'quantity' && spec.unit !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['unit'], message: 'applies to time measures only' });
  }
}

const tier = z.strictObject({
  upTo: decimalString.nullable(),
  unitPrice: decimalString,
  flatPrice: decimalString.optional(),
});

/**
 * Tiers cover every unit exactly once: `upTo` (inclusive) strictly increasing, and only the
 * last tier open-ended. Example: [{upTo: "100"}, {upTo: "1000"}, {upTo: null}] prices units
 * 0-100, then 100-1000, then everything above.
 */
const tiers = z
  .array(tier)
  .min(1, 'must have at least one tier')
  .max(100, 'at most 100 tiers')
  .superRefine((list, ctx) => {
    let previous: Decimal | null = null;
    list.forEach((t, i) => {
      const last = i === list.length - 1;
      if (t.upTo === null) {
        if (!last) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'upTo'],
            message: 'may be null only in the last tier',
          });
        }
        return;
      }
      if (last) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'upTo'],
          message: 'must be null: the last tier is open-ended',
        });
      }
      if (!isDecimalString(t.upTo)) return;
      const upTo = new Decimal(t.upTo);
      if (upTo.isZero() || (previous !== null && upTo.lte(previous))) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'upTo'],
          message: 'must be greater than the previous tier (and than 0)',
        });
      }
      previous = upTo;
    });
  })
  .meta({
    description:
      'Every unit exactly once: `upTo` (inclusive) above 0 and strictly increasing, null in ' +
      'the last tier only (open-ended).',
  });

/** unitOnlyForTime in JSON Schema: no `unit` beside the measure "quantity". */
const unitOnlyForTimeRule = {
  not: { required: ['measure', 'unit'], properties: { measure: { const: 'quantity' } } },
};

const graduated = z
  .strictObject({ type: z.literal('graduated'), ...measureSpec, tiers })
  .superRefine(unitOnlyForTime)
  .meta(unitOnlyForTimeRule);
const volume = z
  .strictObject({ type: z.literal('volume'), ...measureSpec, tiers })
  .superRefine(unitOnlyForTime)
  .meta(unitOnlyForTimeRule);
const packaged = z
  .strictObject({
    type: z.literal('package'),
    ...measureSpec,
    packageSize: positiveDecimalString,
    packagePrice: decimalString,
  })
  .superRefine(unitOnlyForTime)
  .meta(unitOnlyForTimeRule);

/** One variant per PriceModel of domain/rating/types.ts, chosen by `type`. */
export const priceModelSchema = z
  .discriminatedUnion(
    'type',
    [runTime, quantityTime, counter, graduated, volume, packaged, peak, percentile],
    {
      error:
        'must be run_time, quantity_time, counter, graduated, volume, package, peak or percentile',
    },
  )
  .meta({ id: 'PriceModel' });
