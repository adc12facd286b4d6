import { Router } from 'express';
import { z } from 'zod';
import {
  loadCustomerTaxRates,
  saveCustomerTaxRates,
} from '../../db/repositories/tax-rates.repository';
import { isDecimalString, Decimal } from '../../domain/decimal';
import { BillingError } from '../../domain/errors';
import { requireOperator } from '../auth';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { idSchema } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';
import { text } from '../schemas/text';

const percentage = z
  .string()
  .refine(
    (value) =>
      isDecimalString(value) &&
      new Decimal(value).lte(100) &&
      new Decimal(value).decimalPlaces() <= 6,
    'must be a decimal string from "0" to "100" with at most 6 decimals',
  );

const taxRatesSchema = z.strictObject({
  taxRates: z
    .array(z.strictObject({ id: idSchema, name: text(64), percentage, inclusive: z.boolean() }))
    .max(10, 'at most 10 rates')
    .refine((rates) => new Set(rates.map((r) => r.id)).size === rates.length, 'ids must be unique'),
});

/** A customer's tax rates: every line of its drafts and previews is taxed by them. */
export function taxRatesRouter({ database }: ApiDeps): Router {
  const router = Router();

  router.put('/v1/customers/:id/tax-rates', async (req, res) => {
    requireOperator(res);
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    const parsed = taxRatesSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the tax rates are invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    await saveCustomerTaxRates(database.db, customer.id, parsed.data.taxRates);
    res.json({ taxRates: await loadCustomerTaxRates(database.db, customer.id) });
  });

  router.get('/v1/customers/:id/tax-rates', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    res.json({ taxRates: await loadCustomerTaxRates(database.db, customer.id) });
  });

  return router;
}
