import { asc, eq, inArray } from 'drizzle-orm';
import { BillingError } from '../../domain/errors';
import type { Price } from '../../domain/rating/types';
import type { Database } from '../client';
import { plans, prices } from '../schema';

/** A plan and its prices, in the order they were created. */
export interface Plan {
  id: string;
  name: string;
  /** ISO 4217 code; a subscription's customer bills in the same currency. */
  currency: string;
  /** Per period, a whole number of minor units (see applyMinimumCommitment); null: none. */
  minimumCommitment: string | null;
  prices: Price[];
}

type PlanRow = typeof plans.$inferSelect;
type PriceRow = typeof prices.$inferSelect;

function toPrice(row: PriceRow): Price {
  return {
    id: row.id,
    meter: row.meter,
    dimensionsFilter: row.dimensionsFilter,
    ...(row.groupBy === null ? {} : { groupBy: row.groupBy }),
    ...(row.freeUnits === null ? {} : { freeUnits: row.freeUnits }),
    ...(row.unitLabel === null ? {} : { unitLabel: row.unitLabel }),
    model: row.model,
  };
}

function toPlan(row: PlanRow, priceRows: PriceRow[]): Plan {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    minimumCommitment: row.minimumCommitment,
    prices: priceRows.map(toPrice),
  };
}

/**
 * Saves a new plan with all its prices in one transaction. Plans are immutable: there is no
 * update. Changing a price means creating a new plan and subscribing customers to it, so an
 * invoice re-rated later uses exactly the prices it was rated with. An existing id is a
 * conflict (`plan_exists`), never an overwrite.
 */
export async function saveNewPlan(db: Database, plan: Plan): Promise<Plan> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(plans)
      .values({
        id: plan.id,
        name: plan.name,
        currency: plan.currency,
        minimumCommitment: plan.minimumCommitment,
      })
      .onConflictDoNothing()
      .returning();
    const planRow = inserted[0];
    if (!planRow) {
      throw new BillingError('plan_exists', `plan ${plan.id} already exists`, {
        details: [{ field: 'id', message: 'already exists' }],
      });
    }
    const priceRows =
      plan.prices.length === 0
        ? []
        : await tx
            .insert(prices)
            .values(
              plan.prices.map((price, position) => ({
                planId: plan.id,
                id: price.id,
                position,
                meter: price.meter,
                dimensionsFilter: price.dimensionsFilter,
                groupBy: price.groupBy ?? null,
                freeUnits: price.freeUnits ?? null,
                unitLabel: price.unitLabel ?? null,
                model: price.model,
              })),
            )
            .returning();
    priceRows.sort((a, b) => a.position - b.position);
    return toPlan(planRow, priceRows);
  });
}

export async function loadPlan(db: Database, id: string): Promise<Plan | null> {
  const planRows = await db.select().from(plans).where(eq(plans.id, id));
  const planRow = planRows[0];
  if (!planRow) return null;
  const priceRows = await db
    .select()
    .from(prices)
    .where(eq(prices.planId, id))
    .orderBy(asc(prices.position));
  return toPlan(planRow, priceRows);
}

/** Every plan with its prices, ordered by id. */
export async function loadPlans(db: Database): Promise<Plan[]> {
  const planRows = await db.select().from(plans).orderBy(asc(plans.id));
  if (planRows.length === 0) return [];
  const priceRows = await db
    .select()
    .from(prices)
    .where(
      inArray(
        prices.planId,
        planRows.map((row) => row.id),
      ),
    )
    .orderBy(asc(prices.planId), asc(prices.position));
  const byPlan = new Map<string, PriceRow[]>();
  for (const row of priceRows) byPlan.set(row.planId, [...(byPlan.get(row.planId) ?? []), row]);
  return planRows.map((row) => toPlan(row, byPlan.get(row.id) ?? []));
}
