import { Router } from 'express';
import { z } from 'zod';
import { saveApiKey, type Principal } from '../../db/repositories/api-keys.repository';
import { BillingError } from '../../domain/errors';
import { generateApiKey, hashApiKey, requireOperator } from '../auth';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { toFieldIssues } from '../schemas/issues';

const apiKeySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('operator') }),
    z.strictObject({ kind: z.literal('customer'), customerId: z.string() }),
  ],
  { error: 'must be "operator" or "customer"' },
);

/** Operators issue keys; the key is in this one answer and stored only as its hash. */
export function apiKeysRouter({ database }: ApiDeps): Router {
  const router = Router();
  router.post('/v1/api-keys', async (req, res) => {
    requireOperator(res);
    const parsed = apiKeySchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the API key request is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const principal: Principal =
      parsed.data.kind === 'customer'
        ? {
            kind: 'customer',
            customerId: (await loadCustomerOr404(res, database.db, parsed.data.customerId)).id,
          }
        : { kind: 'operator' };
    const { id, key } = generateApiKey();
    await saveApiKey(database.db, { id, hash: hashApiKey(key), principal });
    res.status(201).json({ id, key, ...principal });
  });
  return router;
}
