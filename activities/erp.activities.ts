import type { Database } from '../db/client';
import { loadBillingEvent } from '../db/repositories/billing-events.repository';
import { saveErpSync, type ErpRecordKind } from '../db/repositories/deliveries.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import type { InvoiceDocument } from '../domain/documents/invoice-document';
import { describeLine } from '../domain/documents/line-description';
import { BillingError } from '../domain/errors';
import { erpPaymentKey, type ErpConnector } from './delivery';
import type { DeliveryDeps } from './delivery-deps';
import { loadDocumentData, requireDelivery } from './documents.activities';
import { ublOf } from './documents/ubl-of';

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

/** Pushes the record an event is about; returns its key in the ERP. */
async function push(
  db: Database,
  deps: DeliveryDeps,
  erp: ErpConnector,
  event: { type: string; subjectId: string; payload: Record<string, unknown> },
): Promise<{ key: string; kind: ErpRecordKind }> {
  if (event.type === 'payment.received') {
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
    return { key: erpPaymentKey(payment), kind: 'payment' };
  }
  const kind = event.type === 'invoice.finalized' ? 'invoice' : 'credit_note';
  const doc = await loadDocumentData(db, deps, kind, event.subjectId);
  const base = documentRecord(doc, await ublOf(db, doc));
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
  return { key: doc.number, kind };
}

export function createErpActivities({ db, delivery }: { db: Database; delivery?: DeliveryDeps }) {
  return {
    /**
     * Upserts the invoice, credit note or payment an event is about, keyed by its number (or
     * invoice number and payment reference), so a retry or a replay leaves one record.
     */
    async syncToErp(input: { eventId: string }): Promise<void> {
      const deps = requireDelivery(delivery);
      const event = await loadBillingEvent(db, input.eventId);
      if (!event) throw new BillingError('event_not_found', `no billing event ${input.eventId}`);
      const erp = deps.erp;
      if (!erp) throw new BillingError('erp_not_configured', 'no ERP connector configured');
      const recordKey = `${event.type}:${event.subjectId}`;
      try {
        const { kind } = await push(db, deps, erp, event);
        await saveErpSync(db, recordKey, kind, { status: 'synced', reason: null });
      } catch (error) {
        if (error instanceof BillingError && !error.retryable) {
          const kind =
            event.type === 'payment.received'
              ? 'payment'
              : event.type === 'invoice.finalized'
                ? 'invoice'
                : 'credit_note';
          await saveErpSync(db, recordKey, kind, { status: 'failed', reason: error.message });
        }
        throw error;
      }
    },
  };
}
