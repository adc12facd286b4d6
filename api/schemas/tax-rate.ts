import { z } from 'zod';
import { TAX_CATEGORIES, TAX_OVERRIDES } from '../../domain/invoice/tax-categories';
import { idSchema } from './ids';
import { text } from './text';

/**
 * A percentage from "0" to "100" with at most 6 decimals (trailing zeros aside: "5.5000000"
 * is 5.5), as domain/decimal.ts reads it: no leading zeros, no exponent, at most 40 characters.
 */
export const TAX_PERCENTAGE_PATTERN = /^(?:100(?:\.0+)?|[1-9]?\d(?:\.\d{1,6}0*)?)$/;

const PERCENTAGE_MESSAGE = 'must be a decimal string from "0" to "100" with at most 6 decimals';

const percentage = z
  .string()
  .max(40, PERCENTAGE_MESSAGE)
  .regex(TAX_PERCENTAGE_PATTERN, PERCENTAGE_MESSAGE);

/** A percentage that reads as 0 ("0", "0.00"): the only one a 0% category takes. */
const ZERO_PERCENTAGE_PATTERN = /^0(?:\.0+)?$/;
const ZERO_CATEGORIES = ['zero', 'exempt', 'reverse_charge'];

const taxRate = z
  .strictObject({
    id: idSchema,
    name: text(64),
    percentage,
    inclusive: z.boolean(),
    /** The category of the lines it taxes (domain/invoice/tax-categories.ts); default standard. */
    category: z.enum(TAX_CATEGORIES).optional(),
  })
  .refine(
    (rate) =>
      rate.category === undefined ||
      !ZERO_CATEGORIES.includes(rate.category) ||
      ZERO_PERCENTAGE_PATTERN.test(rate.percentage),
    { message: 'a zero, exempt or reverse_charge rate must be 0%', path: ['percentage'] },
  )
  .meta({
    if: {
      properties: { category: { enum: ZERO_CATEGORIES } },
      required: ['category'],
    },
    then: { properties: { percentage: { pattern: ZERO_PERCENTAGE_PATTERN.source } } },
  });

export const taxRatesSchema = z.strictObject({
  taxRates: z
    .array(taxRate)
    .max(10, 'at most 10 rates')
    .refine((rates) => new Set(rates.map((r) => r.id)).size === rates.length, 'ids must be unique')
    // resolveLineTaxRates (domain/invoice/taxes.ts): tax = gross - gross / (1 + p) splits a
    // gross amount one way only, so a draft with an inclusive rate beside others cannot be
    // taxed. Refused here, or every period close of the customer would fail.
    .refine(
      (rates) => rates.length <= 1 || rates.every((rate) => !rate.inclusive),
      'an inclusive rate must be the only rate',
    )
    .meta({
      description: 'At most 10 rates, each id once; an inclusive rate must be the only rate',
      if: { contains: { type: 'object', properties: { inclusive: { const: true } } } },
      then: { maxItems: 1 },
    }),
  /** 'reverse_charge': every line of the customer is taxed AE at 0% (EU B2B); absent: none. */
  taxOverride: z.enum(TAX_OVERRIDES).nullable().optional(),
});

export const taxRateViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    percentage: z.string(),
    inclusive: z.boolean(),
    /** Absent for standard. */
    category: z.enum(TAX_CATEGORIES).optional(),
  })
  .meta({ id: 'TaxRate' });

export const taxRateListSchema = z.strictObject({
  taxRates: z.array(taxRateViewSchema),
  /** Absent without an override. */
  taxOverride: z.enum(TAX_OVERRIDES).optional(),
});
