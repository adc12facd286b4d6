import { recordPayment, voidInvoice } from '../../db/repositories/invoice-settlement.repository';
import { Router } from 'express';
import {
  finalizeInvoice,
  loadCustomerInvoices,
  loadInvoice,
  type StoredInvoice,
} from '../../db/repositories/invoices.repository';
import { loadEmailDelivery } from '../../db/repositories/deliveries.repository';
import { displayedStatus, invoiceNumbering, remaining } from '../../domain/invoice';
import { parseRfc3339 } from '../../domain/time';
import { isWellFormedInvoiceId } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';
import { paymentSchema } from '../schemas/payment';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { loadCustomerOr404, loadInvoiceOr404 } from '../customer-lookup';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';

/** An invoice as the API shows it: instants as RFC 3339, money as decimal strings. */
function invoiceView(stored: StoredInvoice, nowMs: number) {
  const { periodStartMs, periodEndMs, finalizedAtMs, dueAtMs, ...invoice } = stored;
  return {
    ...invoice,
    status: displayedStatus(invoice.status, dueAtMs, nowMs),
    amountRemaining: remaining(stored),
    period: { start: toIso(periodStartMs), end: toIso(periodEndMs) },
    finalizedAt: finalizedAtMs === null ? null : toIso(finalizedAtMs),
    dueAt: dueAtMs === null ? null : toIso(dueAtMs),
  };
}

export function invoicesRouter({ database, now, dispatchEvents }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/customers/:id/invoices', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    const invoices = await loadCustomerInvoices(database.db, customer.id);
    res.json({ invoices: invoices.map((invoice) => invoiceView(invoice, now())) });
  });

  router.get('/v1/invoices/:id', async (req, res) => {
    const invoice = await loadInvoiceOr404(res, database.db, req.params.id);
    // The email's outcome: sent, or delivery_failed with the provider's reason.
    const email = await loadEmailDelivery(database.db, invoice.id);
    res.json({ ...invoiceView(invoice, now()), delivery: { email } });
  });

  /** Finalizes a draft before its grace period ends; a final invoice is returned as it is. */
  router.post('/v1/invoices/:id/finalize', async (req, res) => {
    requireOperator(res);
    const finalizedAtMs = now();
    const invoice = isWellFormedInvoiceId(req.params.id)
      ? await finalizeInvoice(database.db, req.params.id, {
          ...invoiceNumbering(finalizedAtMs),
          finalizedAtMs,
        })
      : null;
    if (!invoice) throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    await dispatchEvents(invoice.customerId);
    res.json(invoiceView(invoice, now()));
  });

  /** Idempotent by the payment's reference; the invoice is returned with its new status. */
  router.post('/v1/invoices/:id/payments', async (req, res) => {
    requireOperator(res);
    const parsed = paymentSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the payment is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const { reference, amount, receivedAt } = parsed.data;
    const recorded = isWellFormedInvoiceId(req.params.id)
      ? await recordPayment(database.db, req.params.id, {
          reference,
          amount,
          receivedAtMs: receivedAt === undefined ? now() : (parseRfc3339(receivedAt) as number),
        })
      : null;
    const invoice = recorded && (await loadInvoice(database.db, req.params.id));
    if (!recorded || !invoice) {
      throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    }
    await dispatchEvents(invoice.customerId);
    res.status(recorded.created ? 201 : 200).json(invoiceView(invoice, now()));
  });

  router.post('/v1/invoices/:id/void', async (req, res) => {
    requireOperator(res);
    const found =
      isWellFormedInvoiceId(req.params.id) &&
      (await voidInvoice(database.db, req.params.id, now()));
    const invoice = found && (await loadInvoice(database.db, req.params.id));
    if (!invoice) throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    await dispatchEvents(invoice.customerId);
    res.json(invoiceView(invoice, now()));
  });

  return router;
}
