import type { Plan } from '../../domain/catalog/plan';
import type { Subscription } from '../../domain/catalog/subscription';
import type { Price } from '../../domain/rating/types';
import { and, desc, eq, lte } from 'drizzle-orm';
import { subscriptions, type plans, type prices } from '../schema';

/** Row mappers of the catalog tables, shared by the repositories that read them. */
export type PlanRow = typeof plans.$inferSelect;
export type PriceRow = typeof prices.$inferSelect;

export function toPrice(row: PriceRow): Price {
  return {
    id: row.id,
    meter: row.meter,
    dimensionsFilter: row.dimensionsFilter,
    ...(row.groupBy === null ? {} : { groupBy: row.groupBy }),
    ...(row.freeUnits === null ? {} : { freeUnits: row.freeUnits }),
    ...(row.unitLabel === null ? {} : { unitLabel: row.unitLabel }),
    // 'standard' is the default and stays implicit, as prices were before categories.
    ...(row.taxCategory === 'standard' ? {} : { taxCategory: row.taxCategory }),
    model: row.model,
  };
}

export function toPlan(row: PlanRow, priceRows: PriceRow[]): Plan {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    minimumCommitment: row.minimumCommitment,
    prices: priceRows.map(toPrice),
  };
}

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    customerId: row.customerId,
    planId: row.planId,
    effectiveFromMs: row.effectiveFrom.getTime(),
  };
}

/**
 * The subscription in effect at an instant: the latest one starting at or before it. The
 * filter and the order that pick it (take the first row), for every query that needs it.
 */
export function subscriptionInEffectAt(customerId: string, instantMs: number) {
  return {
    where: and(
      eq(subscriptions.customerId, customerId),
      lte(subscriptions.effectiveFrom, new Date(instantMs)),
    ),
    latestFirst: desc(subscriptions.effectiveFrom),
  };
}
