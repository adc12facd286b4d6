import type { Database } from '../db/client';
import {
  loadBudget,
  loadBudgetCrossings,
  loadBudgetsAfter,
  saveNewBudget,
  type StoredBudgetCrossing,
} from '../db/repositories/budgets.repository';
import type { Budget } from '../domain/budgets/budget';
import { Decimal } from '../domain/decimal';
import { BillingError } from '../domain/errors';
import { decideCreate } from '../domain/idempotent-create';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import { currencyExponent } from '../domain/money';
import { mayReadProject, projectScopeOf, type Principal } from '../domain/principal';
import { loadVisibleCustomerPart } from './access';
import { getProject } from './projects';
import { RACED, retryOnceIfRaced } from './raced';

const invalid = (field: string, message: string) =>
  new BillingError('invalid_request', 'the budget is invalid', { details: [{ field, message }] });

/**
 * Creates a budget of a customer (or one of its projects), idempotent by id: the same
 * fields again answer the stored budget; other fields are a 409. The amount must be a
 * positive amount in the customer's currency; a project must exist. A project key creates
 * budgets of its own project only.
 */
export async function createBudget(
  db: Database,
  principal: Principal,
  requested: Budget,
): Promise<{ budget: Budget; created: boolean }> {
  const customer = await loadVisibleCustomerPart(db, principal, requested.customerId);
  const amount = new Decimal(requested.amount);
  if (amount.lte(0) || amount.decimalPlaces() > currencyExponent(customer.currency)) {
    throw invalid('amount', `must be a positive amount in ${customer.currency}`);
  }
  const scope = projectScopeOf(principal);
  if (scope !== null && requested.projectId !== scope) {
    throw invalid('projectId', 'must be the project of this key');
  }
  if (requested.projectId !== null) {
    await getProject(db, principal, requested.customerId, requested.projectId).catch(
      (error: unknown) => {
        if (error instanceof BillingError && error.code === 'project_not_found') {
          throw invalid('projectId', `unknown project ${requested.projectId}`);
        }
        throw error;
      },
    );
  }
  return retryOnceIfRaced(async () => {
    const existing = await loadBudget(db, requested.customerId, requested.id);
    switch (decideCreate(existing, requested)) {
      case 'conflict':
        throw new BillingError(
          'budget_exists',
          `budget ${requested.id} of customer ${requested.customerId} exists with other fields`,
          { details: [{ field: 'id', message: 'already exists with other fields' }] },
        );
      case 'replay':
        return { budget: existing as Budget, created: false };
      case 'create':
        return (await saveNewBudget(db, requested)) ? { budget: requested, created: true } : RACED;
    }
  });
}

/** A budget with the thresholds it crossed, newest period first. */
export interface BudgetWithAlerts {
  budget: Budget;
  alerts: StoredBudgetCrossing[];
}

/**
 * A page of the customer's budgets and their alerts, by id, as the principal may see them (a
 * project key: its own).
 */
export async function listBudgets(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<Page<BudgetWithAlerts>> {
  await loadVisibleCustomerPart(db, principal, customerId);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const rows = await loadBudgetsAfter(db, customerId, { take: page.limit + 1, after });
  const crossings = await loadBudgetCrossings(db, customerId);
  const visible = rows
    .filter((budget) => mayReadProject(principal, budget.projectId))
    .map((budget) => ({
      budget,
      alerts: crossings.filter((crossing) => crossing.budgetId === budget.id),
    }));
  return pageOf(visible, page.limit, ({ budget }) => [budget.id]);
}

/** One budget with its alerts; budget_not_found when the principal may not see it. */
export async function getBudget(
  db: Database,
  principal: Principal,
  customerId: string,
  budgetId: string,
): Promise<BudgetWithAlerts> {
  await loadVisibleCustomerPart(db, principal, customerId);
  const budget = await loadBudget(db, customerId, budgetId);
  if (!budget || !mayReadProject(principal, budget.projectId)) {
    throw new BillingError('budget_not_found', `no budget ${budgetId}`);
  }
  const crossings = await loadBudgetCrossings(db, customerId);
  return { budget, alerts: crossings.filter((crossing) => crossing.budgetId === budget.id) };
}
