import { z } from 'zod';
import type { Plan } from '../../db/repositories/catalog.repository';
import { BillingError } from '../../domain/errors';
import { Decimal, isDecimalString } from '../../domain/decimal';
import { currencyExponent } from '../../domain/money';
import type { Price } from '../../domain/rating/types';
import { validatePrices } from '../../domain/rating/validate-prices';
import type { FieldIssue } from './issues';
import { decimalString, priceModelSchema } from './price-model';
import { idSchema } from './ids';
import { text } from './text';

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const MAX_PRICES = 200;

const dimensionValue = text(256);
const dimensionKey = text(64);

const priceSchema = z.strictObject({
  id: idSchema,
  meter: text(128),
  dimensionsFilter: z.record(dimensionKey, dimensionValue).optional(),
  groupBy: z.array(dimensionKey).max(16, 'at most 16 keys').optional(),
  freeUnits: decimalString.optional(),
  unitLabel: text(64).optional(),
  model: priceModelSchema,
});

export const planSchema = z
  .strictObject({
    id: idSchema,
    name: text(256),
    currency: z
      .string()
      .refine((code) => ISO_CURRENCIES.has(code), 'must be an ISO 4217 code such as "EUR"'),
    minimumCommitment: decimalString.optional(),
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
    if (!ISO_CURRENCIES.has(currency)) return;
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

export function planView(plan: Plan) {
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
      model: price.model,
    })),
  };
}
