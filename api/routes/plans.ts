import { isDeepStrictEqual } from 'node:util';
import { Router } from 'express';
import {
  loadPlan,
  loadPlans,
  saveNewPlan,
  type Plan,
} from '../../db/repositories/catalog.repository';
import { BillingError } from '../../domain/errors';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { isWellFormedId } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';
import { checkPlanPrices, planSchema, planView, toPlan } from '../schemas/plan';

/** A retried create with the same body gets the stored plan; another body is a conflict. */
function sameOrConflict(existing: Plan, plan: Plan): Plan {
  if (!isDeepStrictEqual(existing, plan)) {
    throw new BillingError(
      'plan_exists',
      `plan ${plan.id} already exists with other fields (plans are immutable: create a new plan)`,
      { details: [{ field: 'id', message: 'already exists' }] },
    );
  }
  return existing;
}

export function plansRouter({ database }: ApiDeps): Router {
  const router = Router();

  router.post('/v1/plans', async (req, res) => {
    requireOperator(res);
    const parsed = planSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the plan is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const plan = toPlan(parsed.data);
    checkPlanPrices(plan);
    const existing = await loadPlan(database.db, plan.id);
    if (existing) {
      res.status(200).json(planView(sameOrConflict(existing, plan)));
      return;
    }
    try {
      res.status(201).json(planView(await saveNewPlan(database.db, plan)));
    } catch (error) {
      // A concurrent create of the same id won the race: answer as for a retry.
      if (!(error instanceof BillingError) || error.code !== 'plan_exists') throw error;
      const winner = await loadPlan(database.db, plan.id);
      if (!winner) throw error;
      res.status(200).json(planView(sameOrConflict(winner, plan)));
    }
  });

  router.get('/v1/plans', async (_req, res) => {
    requireOperator(res);
    const plans = await loadPlans(database.db);
    res.json({ plans: plans.map(planView) });
  });

  router.get('/v1/plans/:id', async (req, res) => {
    requireOperator(res);
    const plan = isWellFormedId(req.params.id) ? await loadPlan(database.db, req.params.id) : null;
    if (!plan) throw new BillingError('plan_not_found', `no plan ${req.params.id}`);
    res.json(planView(plan));
  });

  return router;
}
