import { Router } from 'express';
import {
  loadCustomerInvoices,
  loadInvoice,
  type StoredInvoice,
} from '../../db/repositories/invoices.repository';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';

/** An invoice as the API shows it: instants as RFC 3339, money as decimal strings. */
function invoiceView({ periodStartMs, periodEndMs, ...invoice }: StoredInvoice) {
  return { ...invoice, period: { start: toIso(periodStartMs), end: toIso(periodEndMs) } };
}

export function invoicesRouter({ database }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/customers/:id/invoices', async (req, res) => {
    const customer = await loadCustomerOr404(database.db, req.params.id);
    const invoices = await loadCustomerInvoices(database.db, customer.id);
    res.json({ invoices: invoices.map(invoiceView) });
  });

  router.get('/v1/invoices/:id', async (req, res) => {
    const invoice = /^[A-Za-z0-9._:-]{1,200}$/.test(req.params.id)
      ? await loadInvoice(database.db, req.params.id)
      : null;
    if (!invoice) throw new BillingError('invoice_not_found', `no invoice ${req.params.id}`);
    res.json(invoiceView(invoice));
  });

  return router;
}
