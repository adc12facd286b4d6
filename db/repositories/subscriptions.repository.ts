import { and, asc, eq, gt, lt, lte, max, or } from 'drizzle-orm';
import type { Subscription } from '../../domain/catalog/subscription';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { subscriptions } from '../schema';
import { subscriptionInEffectAt, toSubscription } from './catalog-rows';

export type { Subscription };

/**
 * Inserts a new subscription; null when its id, or another subscription of the customer at
 * the same instant, is already stored (nothing is overwritten). Which of the two, and what
 * that means, services/subscribe.ts decides.
 */
export async function saveNewSubscription(
  db: Database,
  subscription: Subscription,
): Promise<Subscription | null> {
  const inserted = await db
    .insert(subscriptions)
    .values({
      id: subscription.id,
      customerId: subscription.customerId,
      planId: subscription.planId,
      effectiveFrom: new Date(subscription.effectiveFromMs),
    })
    .onConflictDoNothing()
    .returning();
  return inserted[0] ? toSubscription(inserted[0]) : null;
}

export async function loadSubscription(db: Database, id: string): Promise<Subscription | null> {
  const rows = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return rows[0] ? toSubscription(rows[0]) : null;
}

/** Every subscription of the customer, oldest first. */
export async function loadSubscriptions(db: Database, customerId: string): Promise<Subscription[]> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(asc(subscriptions.effectiveFrom));
  return rows.map(toSubscription);
}

/**
 * Up to `take` subscriptions of the customer, oldest first ((effective from, id) order), after
 * the key `[effectiveFromMs, id]` when given (keyset pagination).
 */
export async function loadSubscriptionsAfter(
  db: Database,
  customerId: string,
  page: { take: number; after?: readonly [number, string] },
): Promise<Subscription[]> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        page.after
          ? afterKey(
              [subscriptions.effectiveFrom, subscriptions.id],
              [new Date(page.after[0]), page.after[1]],
            )
          : undefined,
      ),
    )
    .orderBy(asc(subscriptions.effectiveFrom), asc(subscriptions.id))
    .limit(page.take);
  return rows.map(toSubscription);
}

/** The subscription in effect at an instant: the latest one starting at or before it. */
export async function loadSubscriptionAt(
  db: Database,
  customerId: string,
  instantMs: number,
): Promise<Subscription | null> {
  const inEffect = subscriptionInEffectAt(customerId, instantMs);
  const rows = await db
    .select()
    .from(subscriptions)
    .where(inEffect.where)
    .orderBy(inEffect.latestFirst)
    .limit(1);
  return rows[0] ? toSubscription(rows[0]) : null;
}

/**
 * The subscriptions in effect during [startMs, endMs), oldest first: the one in effect at
 * the start, then those starting inside the period (mid-period plan changes). Each applies
 * until the next one's `effectiveFromMs` (or the period end).
 */
export async function loadSubscriptionsOverlapping(
  db: Database,
  customerId: string,
  period: { startMs: number; endMs: number },
): Promise<Subscription[]> {
  // One statement: the one in effect at the start is the latest starting at or before it
  // (unique per customer and instant), the others start inside the period.
  const start = new Date(period.startMs);
  const latestAtStart = db
    .select({ effectiveFrom: max(subscriptions.effectiveFrom) })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), lte(subscriptions.effectiveFrom, start)));
  const rows = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        or(
          eq(subscriptions.effectiveFrom, latestAtStart),
          and(
            gt(subscriptions.effectiveFrom, start),
            lt(subscriptions.effectiveFrom, new Date(period.endMs)),
          ),
        ),
      ),
    )
    .orderBy(asc(subscriptions.effectiveFrom));
  return rows.map(toSubscription);
}
