import { nextCursorSchema } from '../contract/pagination';
import { z } from 'zod';
import type { Budget } from '../../domain/budgets/budget';
import { DECIMAL_STRING } from '../../domain/decimal';
import { toIso } from '../../domain/time';
import type { BudgetWithAlerts, CurrentSpend } from '../../services/budgets';
import { idSchema } from './ids';

const AMOUNT_MESSAGE = 'must be a positive decimal string such as "500.00"';

/** POST /v1/customers/{id}/budgets: the customer comes from the path. */
export const budgetRequestSchema = z
  .strictObject({
    id: idSchema.meta({ description: 'Unique per customer' }),
    projectId: idSchema
      .optional()
      .meta({ description: 'A project of the customer; absent: the whole account' }),
    amount: z
      .string({ error: AMOUNT_MESSAGE })
      .max(40, AMOUNT_MESSAGE)
      .regex(DECIMAL_STRING, AMOUNT_MESSAGE)
      .meta({ description: "Per billing period, in the customer's currency" }),
    thresholds: z
      .array(
        z.number().int('must be a whole percent').min(1, 'at least 1').max(1000, 'at most 1000'),
      )
      .min(1, 'at least one threshold')
      .max(20, 'at most 20 thresholds')
      .refine(
        (list) => list.every((value, i) => i === 0 || value > (list[i - 1] as number)),
        'must be ascending without repeats, e.g. [50, 80, 100]',
      )
      .meta({ description: 'Percents of the amount, ascending, e.g. [50, 80, 100]' }),
    basis: z.enum(['accrued', 'forecast'], { error: 'must be accrued or forecast' }).meta({
      description:
        'accrued: the charges so far; forecast: the charges projected to the period end. ' +
        "Both count the period's lines before coupons, credits and taxes (a project: its section)",
    }),
  })
  .meta({ id: 'BudgetRequest' });

const alertSchema = z.strictObject({
  periodStart: z.iso.datetime(),
  threshold: z.number().int(),
  spend: z.string(),
  crossedAt: z.iso.datetime(),
});

const currentSchema = z
  .strictObject({
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
    spent: z.string().meta({
      description:
        "The current period's spend on the budget's basis, as the alert check measures it " +
        "(decimal string, the customer's currency)",
    }),
    percent: z.string().meta({
      description: 'spent / amount x 100, rounded down to one decimal: "85.0"',
    }),
  })
  .nullable()
  .meta({
    description:
      'The current period so far; null when there is no live figure (no plan, no usage yet, ' +
      'the live state unreachable) and in the answer to a create',
  });

export const budgetViewSchema = z
  .strictObject({
    id: z.string(),
    customerId: z.string(),
    projectId: z.string().nullable(),
    amount: z.string(),
    thresholds: z.array(z.number().int()),
    basis: z.enum(['accrued', 'forecast']),
    current: currentSchema,
    alerts: z.array(alertSchema).meta({
      description:
        'Each threshold crossed, once per billing period (newest period first); each sent ' +
        'one budget.threshold_crossed webhook and email',
    }),
  })
  .meta({ id: 'Budget' });

export const budgetListSchema = z.strictObject({
  data: z.array(budgetViewSchema),
  nextCursor: nextCursorSchema,
});

export function toBudget(customerId: string, body: z.output<typeof budgetRequestSchema>): Budget {
  return {
    customerId,
    id: body.id,
    projectId: body.projectId ?? null,
    amount: body.amount,
    thresholds: body.thresholds,
    basis: body.basis,
  };
}

export function budgetView(
  { budget, alerts }: BudgetWithAlerts,
  current: CurrentSpend | null = null,
): z.output<typeof budgetViewSchema> {
  return {
    id: budget.id,
    customerId: budget.customerId,
    projectId: budget.projectId,
    amount: budget.amount,
    thresholds: budget.thresholds,
    basis: budget.basis,
    current:
      current === null
        ? null
        : {
            periodStart: toIso(current.period.startMs),
            periodEnd: toIso(current.period.endMs),
            spent: current.spent,
            percent: current.percent,
          },
    alerts: alerts.map((alert) => ({
      periodStart: toIso(alert.periodStartMs),
      threshold: alert.threshold,
      spend: alert.spend,
      crossedAt: toIso(alert.crossedAtMs),
    })),
  };
}
