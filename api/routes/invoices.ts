import { Router } from 'express';
import {
  finalizeInvoice,
  loadCustomerInvoices,
  loadInvoice,
  type StoredInvoice,
} from '../../db/repositories/invoices.repository';
import { dueDateMs, invoiceNumbering } from '../../domain/invoice';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';

/** An invoice as the API shows it: instants as RFC 3339, money as decimal strings. */
function invoiceView({
  periodStartMs,
  periodEndMs,
  finalizedAtMs,
  dueAtMs,
  ...invoice
}: StoredInvoice) {
  return {
    ...invoice,
    period: { start: toIso(periodStartMs), end: toIso(periodEndMs) },
    finalizedAt: finalizedAtMs === null ? null : toIso(finalizedAtMs),
    dueAt: dueAtMs === null ? null : toIso(dueAtMs),
  };
}

const isWellFormedInvoiceId = (id: string): boolean => /^[A-Za-z0-9._:-]{1,200}$/.test(id);

export function invoicesRouter({ database, now }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/customers/:id/invoices', async (req, res) => {
    const customer = await loadCustomerOr404(database.db, req.params.id);
    const invoices = await loadCustomerInvoices(database.db, customer.id);
    res.json({ invoices: invoices.map(invoiceView) });
  });

  router.get('/v1/invoices/:id', async (req, res) => {
    const invoice = isWellFormedInvoiceId(req.params.id)
      ? await loadInvoice(database.db, req.params.id)
      : null;
    if (!invoice) throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    res.json(invoiceView(invoice));
  });

  /** Finalizes a draft before its grace period ends; a final invoice is returned as it is. */
  router.post('/v1/invoices/:id/finalize', async (req, res) => {
    const finalizedAtMs = now();
    const invoice = isWellFormedInvoiceId(req.params.id)
      ? await finalizeInvoice(database.db, req.params.id, {
          ...invoiceNumbering(finalizedAtMs),
          finalizedAtMs,
          dueAtMs: dueDateMs(finalizedAtMs),
        })
      : null;
    if (!invoice) throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    res.json(invoiceView(invoice));
  });

  return router;
}
