import { Router } from 'express';
import { z } from 'zod';
import {
  loadCreditBalance,
  loadCreditEntries,
  saveCreditEntry,
} from '../../db/repositories/credits.repository';
import { Decimal, isDecimalString } from '../../domain/decimal';
import { BillingError } from '../../domain/errors';
import { currencyExponent } from '../../domain/money';
import { toIso } from '../../domain/time';
import { requireOperator } from '../auth';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { idSchema } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';
import { text } from '../schemas/text';

const grantSchema = z.strictObject({
  /** The grant's business id: the idempotency key. */
  id: idSchema,
  amount: z.string().refine(isDecimalString, 'must be a positive decimal string such as "50.00"'),
  description: text(256).optional(),
});

/** A customer's prepaid credits: grants by operators, consumption by finalized invoices. */
export function creditsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  router.post('/v1/customers/:id/credit-grants', async (req, res) => {
    requireOperator(res);
    const customer = await loadCustomerOr404(res, db, req.params.id);
    const parsed = grantSchema.safeParse(req.body);
    const amountOk =
      parsed.success &&
      new Decimal(parsed.data.amount).gt(0) &&
      new Decimal(parsed.data.amount).decimalPlaces() <= currencyExponent(customer.currency);
    if (!parsed.success || !amountOk) {
      throw new BillingError('invalid_request', 'the credit grant is invalid', {
        details: parsed.success
          ? [
              {
                field: 'amount',
                message: `must be positive, in whole ${customer.currency} minor units`,
              },
            ]
          : toFieldIssues(parsed.error),
      });
    }
    const { created } = await saveCreditEntry(db, customer.id, {
      kind: 'grant',
      reference: parsed.data.id,
      amount: parsed.data.amount,
      currency: customer.currency,
      description: parsed.data.description ?? '',
    });
    res.status(created ? 201 : 200).json(await creditsView(customer.id, customer.currency));
  });

  router.get('/v1/customers/:id/credits', async (req, res) => {
    const customer = await loadCustomerOr404(res, db, req.params.id);
    res.json(await creditsView(customer.id, customer.currency));
  });

  async function creditsView(customerId: string, currency: string) {
    const entries = await loadCreditEntries(db, customerId);
    return {
      currency,
      balance: await loadCreditBalance(db, customerId, currency),
      entries: entries.map(({ createdAtMs, ...entry }) => ({
        ...entry,
        createdAt: toIso(createdAtMs),
      })),
    };
  }

  return router;
}
