import type { Database } from '../db/client';
import { loadBillingEvent, type BillingEvent } from '../db/repositories/billing-events.repository';
import { BillingError } from '../domain/errors';

/** A recorded business event, or event_not_found (a delivery of an event that is not there). */
export async function loadBillingEventOrFail(db: Database, eventId: string): Promise<BillingEvent> {
  const event = await loadBillingEvent(db, eventId);
  if (!event) throw new BillingError('event_not_found', `no billing event ${eventId}`);
  return event;
}
