import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { webhookDeliveries, webhookEndpoints } from '../schema';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  createdAtMs: number;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

const toEndpoint = ({ createdAt, ...row }: EndpointRow): WebhookEndpoint => ({
  ...row,
  createdAtMs: createdAt.getTime(),
});

/** Registers an endpoint once; the same id again returns the stored one (and its secret). */
export async function saveWebhookEndpoint(
  db: Database,
  endpoint: Omit<WebhookEndpoint, 'createdAtMs'>,
): Promise<{ endpoint: WebhookEndpoint; created: boolean }> {
  const inserted = await db
    .insert(webhookEndpoints)
    .values(endpoint)
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { endpoint: toEndpoint(inserted[0]), created: true };
  const existing = await loadWebhookEndpoint(db, endpoint.id);
  if (!existing) throw new Error(`webhook endpoint ${endpoint.id} vanished`);
  return { endpoint: existing, created: false };
}

export async function loadWebhookEndpoint(
  db: Database,
  id: string,
): Promise<WebhookEndpoint | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ? toEndpoint(row) : null;
}

export async function loadWebhookEndpoints(db: Database): Promise<WebhookEndpoint[]> {
  return (await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id))).map(
    toEndpoint,
  );
}

/** Up to `take` endpoints by id, after the id `after[0]` when given (keyset pagination). */
export async function loadWebhookEndpointsAfter(
  db: Database,
  page: { take: number; after?: readonly [string] },
): Promise<WebhookEndpoint[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(page.after ? afterKey([webhookEndpoints.id], page.after) : undefined)
    .orderBy(asc(webhookEndpoints.id))
    .limit(page.take);
  return rows.map(toEndpoint);
}

export interface DeliveryAttempt {
  eventId: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
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
