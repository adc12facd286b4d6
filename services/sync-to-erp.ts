import type { ErpConnector } from '../adapters/delivery';
import type { Database } from '../db/client';
import { saveErpSync } from '../db/repositories/deliveries.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { ERP_RECORD_KINDS, type ErpRecordKind } from '../domain/billing-events';
import { erpDocumentRecordOf, erpPaymentRecordOf } from '../domain/delivery/erp-record-of';
import type { Issuer } from '../domain/documents/document-of';
import { toUblXml } from '../domain/einvoice/ubl';
import { BillingError } from '../domain/errors';
import { loadBillingEventOrFail } from './load-billing-event';
import { loadFinalDocument } from './load-document';

export interface SyncToErpDeps {
  db: Database;
  issuer: Issuer;
  erp: ErpConnector | null;
}

/** Pushes the record an event is about, upserted by its key in the ERP. */
async function push(
  deps: SyncToErpDeps & { erp: ErpConnector },
  kind: ErpRecordKind,
  event: { subjectId: string; payload: Record<string, unknown> },
): Promise<void> {
  if (kind === 'payment') {
    const invoice = await loadInvoice(deps.db, String(event.payload['invoiceId']));
    if (!invoice) throw new BillingError('document_not_final', 'payment of a draft');
    await deps.erp.upsertPayment(erpPaymentRecordOf(event.payload, invoice));
    return;
  }
  const doc = await loadFinalDocument(deps.db, deps.issuer, kind, event.subjectId);
  const record = erpDocumentRecordOf(doc, toUblXml(doc));
  if (record.kind === 'invoice') await deps.erp.upsertInvoice(record);
  else await deps.erp.upsertCreditNote(record);
}

/**
 * Upserts the invoice, credit note or payment an event is about, keyed by its number (or
 * invoice number and payment reference), so a retry or a replay leaves one record. The
 * outcome is recorded under `<event type>:<subject id>`: synced, or failed for good when
 * the ERP refuses in a way retrying cannot fix (a retryable failure is left to the retry).
 */
export async function syncToErp(deps: SyncToErpDeps, input: { eventId: string }): Promise<void> {
  const event = await loadBillingEventOrFail(deps.db, input.eventId);
  const erp = deps.erp;
  if (!erp) throw new BillingError('erp_not_configured', 'no ERP connector configured');
  const kind = ERP_RECORD_KINDS[event.type];
  if (!kind) throw new BillingError('not_an_erp_event', `${event.type} has no ERP record`);
  const recordKey = `${event.type}:${event.subjectId}`;
  try {
    await push({ ...deps, erp }, kind, event);
    await saveErpSync(deps.db, recordKey, kind, { status: 'synced', reason: null });
  } catch (error) {
    if (error instanceof BillingError && !error.retryable) {
      await saveErpSync(deps.db, recordKey, kind, { status: 'failed', reason: error.message });
    }
    throw error;
  }
}
