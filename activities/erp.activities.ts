import type { Database } from '../db/client';
import { saveErpSync, type ErpRecordKind } from '../db/repositories/deliveries.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import type { InvoiceDocument } from '../domain/documents/invoice-document';
import { describeLine } from '../domain/documents/line-description';
import { BillingError } from '../domain/errors';
import type { ErpConnector } from './delivery';
import { ERP_RECORD_KINDS, eventOrFail } from './billing-event-routing';
import type { DeliveryDeps } from './delivery-deps';
import { loadDocumentData, requireDelivery } from './documents.activities';
import { toUblXml } from '../domain/einvoice/ubl';

function documentRecord(doc: InvoiceDocument, ublXml: string) {
  return {
    number: doc.number,
    customerId: doc.customer.id,
    currency: doc.currency,
    issuedAtMs: doc.issuedAtMs,
    subtotal: doc.subtotal,
    totalDiscount: doc.totalDiscount,
    totalExcludingTax: doc.totalExcludingTax,
    totalTax: doc.totalTax,
    total: doc.total,
    amountDue: doc.amountDue,
    lines: doc.lines.map((line) => ({
      lineId: line.lineId,
      description: describeLine(line),
      quantity: line.quantity,
      unit: line.unit,
      amount: line.amount,
    })),
    ublXml,
  };
}

/** Pushes the record an event is about, upserted by its key in the ERP. */
async function push(
  db: Database,
  deps: DeliveryDeps,
  erp: ErpConnector,
  kind: ErpRecordKind,
  event: { subjectId: string; payload: Record<string, unknown> },
): Promise<void> {
  if (kind === 'payment') {
    const invoice = await loadInvoice(db, String(event.payload['invoiceId']));
    if (!invoice?.number) throw new BillingError('document_not_final', 'payment of a draft');
    const payment = {
      kind: 'payment' as const,
      reference: String(event.payload['reference']),
      invoiceNumber: invoice.number,
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount: String(event.payload['amount']),
      receivedAtMs: Number(event.payload['receivedAtMs'] ?? 0),
    };
    await erp.upsertPayment(payment);
    return;
  }
  const doc = await loadDocumentData(db, deps, kind, event.subjectId);
  const base = documentRecord(doc, toUblXml(doc));
  if (doc.kind === 'invoice') {
    await erp.upsertInvoice({
      ...base,
      kind: 'invoice',
      dueAtMs: doc.dueAtMs ?? doc.issuedAtMs,
      periodStartMs: doc.periodStartMs,
      periodEndMs: doc.periodEndMs,
    });
  } else {
    await erp.upsertCreditNote({
      ...base,
      kind: 'credit_note',
      precedingInvoiceNumber: doc.precedingInvoiceNumber ?? '',
      reason: doc.reason ?? '',
    });
  }
}

export function createErpActivities({ db, delivery }: { db: Database; delivery?: DeliveryDeps }) {
  return {
    /**
     * Upserts the invoice, credit note or payment an event is about, keyed by its number (or
     * invoice number and payment reference), so a retry or a replay leaves one record.
     */
    async syncToErp(input: { eventId: string }): Promise<void> {
      const deps = requireDelivery(delivery);
      const event = await eventOrFail(db, input.eventId);
      const erp = deps.erp;
      if (!erp) throw new BillingError('erp_not_configured', 'no ERP connector configured');
      const kind = ERP_RECORD_KINDS[event.type];
      if (!kind) throw new BillingError('not_an_erp_event', `${event.type} has no ERP record`);
      const recordKey = `${event.type}:${event.subjectId}`;
      try {
        await push(db, deps, erp, kind, event);
        await saveErpSync(db, recordKey, kind, { status: 'synced', reason: null });
      } catch (error) {
        if (error instanceof BillingError && !error.retryable) {
          await saveErpSync(db, recordKey, kind, { status: 'failed', reason: error.message });
        }
        throw error;
      }
    },
  };
}
