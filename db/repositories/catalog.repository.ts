import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Plan } from '../../domain/catalog/plan';
import { BillingError } from '../../domain/errors';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { plans, prices, subscriptions } from '../schema';
import { subscriptionInEffectAt, toPlan, type PriceRow } from './catalog-rows';

export type { Plan };

type PlanRow = typeof plans.$inferSelect;

/**
 * Saves a new plan with all its prices in one transaction (a savepoint inside a caller's).
 * There is no update: an existing id is never overwritten, the save fails with `plan_exists`
 * (the key guards races; services/create-plan.ts decides replays and conflicts first).
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
                taxCategory: price.taxCategory ?? 'standard',
                model: price.model,
              })),
            )
            .returning();
    priceRows.sort((a, b) => a.position - b.position);
    return toPlan(planRow, priceRows);
  });
}

/** A plan with its prices in position order, in one statement (a plan has a few prices). */
export async function loadPlan(db: Database, id: string): Promise<Plan | null> {
  return planWithPrices(db, eq(plans.id, id));
}

/**
 * The plan a customer is on at an instant (its latest subscription starting at or before
 * it), with its prices, in one statement; null without a subscription then.
 */
export async function loadPlanAt(
  db: Database,
  customerId: string,
  instantMs: number,
): Promise<Plan | null> {
  const inEffect = subscriptionInEffectAt(customerId, instantMs);
  const planInEffect = db
    .select({ planId: subscriptions.planId })
    .from(subscriptions)
    .where(inEffect.where)
    .orderBy(inEffect.latestFirst)
    .limit(1);
  return planWithPrices(db, eq(plans.id, planInEffect));
}

async function planWithPrices(db: Database, which: SQL): Promise<Plan | null> {
  const rows = await db
    .select({ plan: plans, price: prices })
    .from(plans)
    .leftJoin(prices, eq(prices.planId, plans.id))
    .where(which)
    .orderBy(asc(prices.position));
  const first = rows[0];
  if (!first) return null;
  return toPlan(
    first.plan,
    rows.flatMap(({ price }) => (price ? [price] : [])),
  );
}

/** Up to `take` plans by id, after the id `after[0]` when given (keyset pagination). */
export async function loadPlansAfter(
  db: Database,
  page: { take: number; after?: readonly [string] },
): Promise<Plan[]> {
  const planRows = await db
    .select()
    .from(plans)
    .where(page.after ? afterKey([plans.id], page.after) : undefined)
    .orderBy(asc(plans.id))
    .limit(page.take);
  return withPrices(db, planRows);
}

async function withPrices(db: Database, planRows: PlanRow[]): Promise<Plan[]> {
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
