import { z } from 'zod';
import type { Plan } from '../../domain/catalog/plan';
import { TAX_CATEGORIES } from '../../domain/invoice/tax-categories';
import { BillingError } from '../../domain/errors';
import { Decimal, isDecimalString } from '../../domain/decimal';
import { currencyExponent } from '../../domain/money';
import type { Price } from '../../domain/rating/types';
import { validatePrices } from '../../domain/rating/validate-prices';
import { toFieldIssues, type FieldIssue } from './issues';
import { currencySchema, isCurrency } from './currency';
import { decimalString, priceModelSchema } from './price-model';
import { idSchema } from './ids';
import { dimensionMap, mapKey } from './map';
import { text } from './text';
import { nextCursorSchema } from '../contract/pagination';

const MAX_PRICES = 200;

const dimensionValue = text(256);
const dimensionKey = mapKey(64);

const priceSchema = z.strictObject({
  id: idSchema,
  meter: text(128),
  dimensionsFilter: dimensionMap(dimensionKey, dimensionValue).optional(),
  groupBy: z.array(dimensionKey).max(16, 'at most 16 keys').optional(),
  freeUnits: decimalString.optional(),
  unitLabel: text(64).optional(),
  /** The VAT category of the price's lines (docs/billing-rules.md); default standard. */
  taxCategory: z.enum(TAX_CATEGORIES).optional(),
  model: priceModelSchema,
});

export const planSchema = z
  .strictObject({
    id: idSchema,
    name: text(256),
    currency: currencySchema,
    minimumCommitment: decimalString
      .meta({
        description:
          "Per period, in whole minor units of the plan's currency (at most 2 decimals for EUR)",
      })
      .optional(),
    prices: z
      .array(priceSchema)
      .min(1, 'a plan needs at least one price')
      .max(MAX_PRICES, `at most ${MAX_PRICES} prices`),
  })
  .superRefine((plan, ctx) => {
    // applyMinimumCommitment tops up to the commitment exactly, without rounding: so it must
    // be a whole number of minor units (20.005 EUR is not an amount that can be invoiced).
    const { minimumCommitment, currency } = plan;
    if (minimumCommitment === undefined || !isDecimalString(minimumCommitment)) return;
    if (!isCurrency(currency)) return;
    const exponent = currencyExponent(currency);
    if (new Decimal(minimumCommitment).decimalPlaces() > exponent) {
      ctx.addIssue({
        code: 'custom',
        path: ['minimumCommitment'],
        message: `must be a whole number of minor units of ${currency} (${exponent} decimals)`,
      });
    }
  });

export type PlanInput = z.infer<typeof planSchema>;

/**
 * The plan of a request body: the schema, then the rating engine's own checks (see
 * checkPlanPrices); each failure is a 400 naming the field.
 */
export function parsePlan(raw: unknown): PlanInput {
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BillingError('invalid_request', 'the plan is invalid', {
      details: toFieldIssues(parsed.error),
    });
  }
  checkPlanPrices(toPlan(parsed.data));
  return parsed.data;
}

export function toPlan(input: PlanInput): Plan {
  return {
    id: input.id,
    name: input.name,
    currency: input.currency,
    minimumCommitment: input.minimumCommitment ?? null,
    prices: input.prices.map((price): Price => {
      const model: Price['model'] = price.model;
      return {
        id: price.id,
        meter: price.meter,
        dimensionsFilter: price.dimensionsFilter ?? {},
        ...(price.groupBy === undefined ? {} : { groupBy: price.groupBy }),
        ...(price.freeUnits === undefined ? {} : { freeUnits: price.freeUnits }),
        ...(price.unitLabel === undefined ? {} : { unitLabel: price.unitLabel }),
        ...(price.taxCategory === undefined ? {} : { taxCategory: price.taxCategory }),
        model,
      };
    }),
  };
}

/**
 * The rating engine's own checks (domain/rating/validate-prices.ts) on a plan zod accepted:
 * the rules that span fields, such as duplicate price ids or free units beside run minimums.
 * Its errors come back as the API's `invalid_request`, the field as a path in the request
 * body: "model.tiers[1].upTo" of price 0 -> "prices.0.model.tiers.1.upTo".
 */
export function checkPlanPrices(plan: Plan): void {
  try {
    validatePrices(plan.prices);
  } catch (error) {
    if (!(error instanceof BillingError)) throw error;
    throw new BillingError('invalid_request', 'the plan is invalid', {
      details: [priceIssue(plan.prices, error)],
      cause: error,
    });
  }
}

function priceIssue(prices: readonly Price[], error: BillingError): FieldIssue {
  const details = (error.details ?? {}) as { priceId?: string; field?: string };
  const priceId = details.priceId;
  const indexes = prices.flatMap((price, i) => (price.id === priceId ? [i] : []));
  if (error.code === 'duplicate_price_id') {
    return { field: `prices.${indexes[1] ?? 0}.id`, message: 'is used by another price' };
  }
  const field = (details.field ?? '').replace(/\[(\d+)\]/g, '.$1');
  const prefix = `prices.${indexes[0] ?? 0}`;
  const problem = error.message.replace(`price ${priceId ?? ''}: ${details.field ?? ''} `, '');
  return { field: field === '' ? prefix : `${prefix}.${field}`, message: problem };
}

/** A price as the API answers it: absent optional fields as null, no filter as {}. */
export const priceViewSchema = z
  .strictObject({
    id: z.string(),
    meter: z.string(),
    dimensionsFilter: z.record(z.string(), z.string()),
    groupBy: z.array(z.string()).nullable(),
    freeUnits: z.string().nullable(),
    unitLabel: z.string().nullable(),
    /** Absent for standard. */
    taxCategory: z.enum(TAX_CATEGORIES).optional(),
    model: priceModelSchema,
  })
  .meta({ id: 'Price' });

export const planViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    minimumCommitment: z.string().nullable(),
    prices: z.array(priceViewSchema),
  })
  .meta({ id: 'Plan' });

export const planListSchema = z.strictObject({
  plans: z.array(planViewSchema),
  nextCursor: nextCursorSchema,
});

export function planView(plan: Plan): z.infer<typeof planViewSchema> {
  return {
    id: plan.id,
    name: plan.name,
    currency: plan.currency,
    minimumCommitment: plan.minimumCommitment,
    prices: plan.prices.map((price) => ({
      id: price.id,
      meter: price.meter,
      dimensionsFilter: price.dimensionsFilter,
      groupBy: price.groupBy ?? null,
      freeUnits: price.freeUnits ?? null,
      unitLabel: price.unitLabel ?? null,
      ...(price.taxCategory === undefined ? {} : { taxCategory: price.taxCategory }),
      model: price.model,
    })),
  };
}
