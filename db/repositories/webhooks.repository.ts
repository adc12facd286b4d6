import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { webhookDeliveries, webhookEndpoints } from '../schema';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  /** Disabled: no new events, and retries give up. */
  enabled: boolean;
  createdAtMs: number;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

const toEndpoint = ({ createdAt, deletedAt: _deleted, ...row }: EndpointRow): WebhookEndpoint => ({
  ...row,
  createdAtMs: createdAt.getTime(),
});

/** Deleted endpoints are soft-deleted rows: every read below skips them. */
const live = isNull(webhookEndpoints.deletedAt);

/** Registers an endpoint once; the same id again returns the stored one (and its secret). */
export async function saveWebhookEndpoint(
  db: Database,
  endpoint: Omit<WebhookEndpoint, 'createdAtMs' | 'enabled'>,
): Promise<{ endpoint: WebhookEndpoint; created: boolean; deleted: boolean }> {
  const inserted = await db
    .insert(webhookEndpoints)
    .values(endpoint)
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { endpoint: toEndpoint(inserted[0]), created: true, deleted: false };
  // Deleted ones too: a deleted id is not registered again (its delivery log keeps it).
  const [existing] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, endpoint.id));
  if (!existing) throw new Error(`webhook endpoint ${endpoint.id} vanished`);
  return { endpoint: toEndpoint(existing), created: false, deleted: existing.deletedAt !== null };
}

export async function loadWebhookEndpoint(
  db: Database,
  id: string,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), live));
  return row ? toEndpoint(row) : null;
}

/** An endpoint as delivery sees it: deleted ones too, flagged (null: never registered). */
export async function loadEndpointForDelivery(
  db: Database,
  id: string,
): Promise<(WebhookEndpoint & { deleted: boolean }) | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ? { ...toEndpoint(row), deleted: row.deletedAt !== null } : null;
}

/** The endpoints that receive new events: not deleted, enabled. */
export async function loadEnabledWebhookEndpoints(db: Database): Promise<WebhookEndpoint[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(live, eq(webhookEndpoints.enabled, true)))
    .orderBy(asc(webhookEndpoints.id));
  return rows.map(toEndpoint);
}

/** Changes the given fields of a live endpoint; null when there is none. */
export async function updateWebhookEndpoint(
  db: Database,
  id: string,
  changes: Partial<Pick<WebhookEndpoint, 'url' | 'eventTypes' | 'enabled'>>,
): Promise<WebhookEndpoint | null> {
  if (Object.keys(changes).length === 0) return loadWebhookEndpoint(db, id);
  const [row] = await db
    .update(webhookEndpoints)
    .set(changes)
    .where(and(eq(webhookEndpoints.id, id), live))
    .returning();
  return row ? toEndpoint(row) : null;
}

/** Soft-deletes a live endpoint (its delivery log stays); null when there was none. */
export async function deleteWebhookEndpoint(
  db: Database,
  id: string,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ deletedAt: new Date(), enabled: false })
    .where(and(eq(webhookEndpoints.id, id), live))
    .returning();
  return row ? toEndpoint(row) : null;
}

/** Up to `take` endpoints by id, after the id `after[0]` when given (keyset pagination). */
export async function loadWebhookEndpointsAfter(
  db: Database,
  page: { take: number; after?: readonly [string] },
): Promise<WebhookEndpoint[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(live, page.after ? afterKey([webhookEndpoints.id], page.after) : undefined))
    .orderBy(asc(webhookEndpoints.id))
    .limit(page.take);
  return rows.map(toEndpoint);
}

export interface DeliveryAttempt {
  eventId: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  statusCode: number | null;
  error: string | null;
}

/** Counts one attempt and its outcome; a delivered event stays delivered. */
export async function recordDeliveryAttempt(db: Database, attempt: DeliveryAttempt): Promise<void> {
  const outcome = {
    status: attempt.status,
    lastStatusCode: attempt.statusCode,
    lastError: attempt.error,
  };
  await db
    .insert(webhookDeliveries)
    .values({
      eventId: attempt.eventId,
      endpointId: attempt.endpointId,
      eventType: attempt.eventType,
      attempts: 1,
      ...outcome,
    })
    .onConflictDoUpdate({
      target: [webhookDeliveries.eventId, webhookDeliveries.endpointId],
      set: { ...outcome, attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: new Date() },
      setWhere: sql`${webhookDeliveries.status} <> 'delivered'`,
    });
}

/**
 * The delivery gave up without an attempt because the endpoint was disabled or deleted: it
 * becomes `cancelled` with the reason (a delivered one stays delivered; attempts unchanged).
 */
export async function recordDeliveryCancelled(
  db: Database,
  delivery: { eventId: string; endpointId: string; eventType: string; reason: string },
): Promise<void> {
  const outcome = { status: 'cancelled' as const, lastError: delivery.reason };
  await db
    .insert(webhookDeliveries)
    .values({
      eventId: delivery.eventId,
      endpointId: delivery.endpointId,
      eventType: delivery.eventType,
      attempts: 0,
      lastStatusCode: null,
      ...outcome,
    })
    .onConflictDoUpdate({
      target: [webhookDeliveries.eventId, webhookDeliveries.endpointId],
      set: { ...outcome, updatedAt: new Date() },
      setWhere: sql`${webhookDeliveries.status} <> 'delivered'`,
    });
}

/**
 * Up to `take` deliveries of an endpoint, most recently updated first ((updated at, event
 * id) descending), after the key `[updatedAtMs, eventId]` when given (keyset pagination).
 */
export async function loadDeliveriesAfter(
  db: Database,
  endpointId: string,
  page: { take: number; after?: readonly [number, string] },
) {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        page.after
          ? afterKey(
              [webhookDeliveries.updatedAt, webhookDeliveries.eventId],
              [new Date(page.after[0]), page.after[1]],
              'desc',
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.updatedAt), desc(webhookDeliveries.eventId))
    .limit(page.take);
  return rows.map(({ updatedAt, ...row }) => ({ ...row, updatedAtMs: updatedAt.getTime() }));
}

export async function loadDelivery(db: Database, eventId: string, endpointId: string) {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.eventId, eventId), eq(webhookDeliveries.endpointId, endpointId)),
    );
  return row ?? null;
}

/** The delivery gave up (retries exhausted or a non-retryable answer); delivered stays delivered. */
export async function markDeliveryFailed(
  db: Database,
  eventId: string,
  endpointId: string,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', updatedAt: new Date() })
    .where(
      and(
        eq(webhookDeliveries.eventId, eventId),
        eq(webhookDeliveries.endpointId, endpointId),
        sql`${webhookDeliveries.status} <> 'delivered'`,
      ),
    );
}
