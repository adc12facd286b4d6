import { Router } from 'express';
import {
  loadCustomerWithProfile,
  saveNewCustomer,
} from '../../db/repositories/customers.repository';
import { BillingError } from '../../domain/errors';
import { loadCustomerOr404 } from '../customer-lookup';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { customerSchema, customerView, toBillingProfile, toCustomer } from '../schemas/customer';
import { toFieldIssues } from '../schemas/issues';

export function customersRouter({ database, cycles }: ApiDeps): Router {
  const router = Router();

  router.post('/v1/customers', async (req, res) => {
    requireOperator(res);
    const parsed = customerSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the customer is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const customer = toCustomer(parsed.data);
    const profile = toBillingProfile(parsed.data);
    const existing = await loadCustomerWithProfile(database.db, customer.id);
    if (existing) {
      // A retried create with the same body is answered like the first one.
      const same = JSON.stringify(existing) === JSON.stringify({ customer, profile });
      if (!same) {
        throw new BillingError(
          'customer_exists',
          `customer ${customer.id} already exists with other fields`,
          {
            details: [{ field: 'id', message: 'already exists' }],
          },
        );
      }
      await cycles.start(existing.customer);
      res.status(200).json(customerView(existing.customer, existing.profile));
      return;
    }
    const saved = await saveNewCustomer(database.db, customer, profile);
    await cycles.start(saved);
    res.status(201).json(customerView(saved, profile));
  });

  router.get('/v1/customers/:id', async (req, res) => {
    const customer = await loadCustomerOr404(res, database.db, req.params.id);
    const found = await loadCustomerWithProfile(database.db, customer.id);
    if (!found) return;
    res.json(customerView(found.customer, found.profile));
  });

  return router;
}
