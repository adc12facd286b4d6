import type { Database } from '../db/client';
import { loadEmailDelivery, type EmailDelivery } from '../db/repositories/deliveries.repository';
import type { StoredInvoice } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleInvoiceSection } from './access';

/**
 * An invoice as the principal may see it, with the outcome of its email: sent, or
 * delivery_failed with the provider's reason (null before any attempt). A project key gets
 * it too; the view shows it its own section only (api/schemas/invoice.ts).
 */
export async function getInvoice(
  db: Database,
  principal: Principal,
  invoiceId: string,
): Promise<{ invoice: StoredInvoice; email: EmailDelivery | null }> {
  const invoice = await loadVisibleInvoiceSection(db, principal, invoiceId);
  return { invoice, email: await loadEmailDelivery(db, invoice.id) };
}
