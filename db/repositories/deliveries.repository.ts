import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { emailDeliveries, erpSyncs } from '../schema';
import type { ErpRecordKind } from '../../domain/billing-events';

export interface EmailDelivery {
  status: 'sent' | 'delivery_failed';
  recipient: string;
  messageId: string | null;
  reason: string | null;
}

export async function loadEmailDelivery(
  db: Database,
  documentId: string,
): Promise<EmailDelivery | null> {
  const [row] = await db
    .select({
      status: emailDeliveries.status,
      recipient: emailDeliveries.recipient,
      messageId: emailDeliveries.messageId,
      reason: emailDeliveries.reason,
    })
    .from(emailDeliveries)
    .where(eq(emailDeliveries.documentId, documentId));
  return row ?? null;
}

/** Records the outcome of a document's email; a sent email is never overwritten. */
export async function saveEmailDelivery(
  db: Database,
  documentId: string,
  delivery: EmailDelivery,
): Promise<void> {
  await db
    .insert(emailDeliveries)
    .values({ documentId, ...delivery })
    .onConflictDoUpdate({
      target: emailDeliveries.documentId,
      set: { ...delivery, updatedAt: new Date() },
      setWhere: eq(emailDeliveries.status, 'delivery_failed'),
    });
}

export async function saveErpSync(
  db: Database,
  recordKey: string,
  kind: ErpRecordKind,
  outcome: { status: 'synced' | 'failed'; reason: string | null },
): Promise<void> {
  await db
    .insert(erpSyncs)
    .values({ recordKey, kind, ...outcome })
    .onConflictDoUpdate({ target: erpSyncs.recordKey, set: { ...outcome, updatedAt: new Date() } });
}

export async function loadErpSync(db: Database, recordKey: string) {
  const [row] = await db.select().from(erpSyncs).where(eq(erpSyncs.recordKey, recordKey));
  return row ?? null;
}
