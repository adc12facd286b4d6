import type { BillingCycles } from '../adapters/temporal/billing-cycles';
import type { Database } from '../db/client';
import {
  loadBudget,
  loadBudgetCrossings,
  loadBudgetsAfter,
  saveNewBudget,
  type StoredBudgetCrossing,
} from '../db/repositories/budgets.repository';
import type { Budget } from '../domain/budgets/budget';
import { spendOf } from '../domain/budgets/spend';
import type { Period } from '../domain/calendar/types';
import { Decimal } from '../domain/decimal';
import { BillingError } from '../domain/errors';
import { decideCreate } from '../domain/idempotent-create';
import { draftInvoice, projectUsageToPeriodEnd, usageGroupsOf } from '../domain/invoice';
import { projectSegmentsToPeriodEnd } from '../domain/invoice/plan-segments';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import { currencyExponent } from '../domain/money';
import { mayReadProject, projectScopeOf, type Principal } from '../domain/principal';
import { loadVisibleCustomerPart } from './access';
import { loadLiveInvoice, type LiveInvoiceDeps } from './preview-invoice';
import { getProject } from './projects';
import { RACED, retryOnceIfRaced } from './raced';

const invalid = (field: string, message: string) =>
  new BillingError('invalid_request', 'the budget is invalid', { details: [{ field, message }] });

export interface CreateBudgetDeps {
  db: Database;
  cycles: Pick<BillingCycles, 'budgetsChanged'>;
}

/**
 * Creates a budget of a customer (or one of its projects), idempotent by id: the same
 * fields again answer the stored budget; other fields are a 409. The amount must be a
 * positive amount in the customer's currency; a project must exist. A project key creates
 * budgets of its own project only. Once it is committed the customer's billing cycle is told,
 * on a replay too, so a request that failed after the commit is made whole by its retry: a
 * cycle that knows the customer has no budgets does not otherwise ask for an hour.
 */
export async function createBudget(
  deps: CreateBudgetDeps,
  principal: Principal,
  requested: Budget,
): Promise<{ budget: Budget; created: boolean }> {
  const result = await saveBudget(deps.db, principal, requested);
  await deps.cycles.budgetsChanged(requested.customerId);
  return result;
}

async function saveBudget(
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

/** A budget's spend in the current period, on its basis (accrued or forecast). */
export interface CurrentSpend {
  period: Period;
  /** The spend the alert check measures (domain/budgets/spend.ts), a decimal string. */
  spent: string;
  /** spent / amount x 100, rounded down to one decimal: "85.0"; never shows a threshold early. */
  percent: string;
}

/**
 * The percent of a budget amount a spend has reached, rounded down to one decimal (so
 * 79.99 % reads 79.9 and a threshold shows as reached only once it is).
 *
 * Example: spent 8.50 of 10.00 -> "85.0"; 1.00 of 3.00 -> "33.3"; 12.00 of 10.00 -> "120.0".
 */
export function percentOf(spent: string, amount: string): string {
  return new Decimal(spent)
    .times(100)
    .div(new Decimal(amount))
    .toDecimalPlaces(1, Decimal.ROUND_DOWN)
    .toFixed(1);
}

/**
 * Each budget's spend in the current period, measured as the alert check measures it
 * (services/check-budgets.ts): the lines of the invoice the period would get now (accrued)
 * or at its end (forecast), counted by `spendOf`. A budget maps to null when there is no
 * live figure: no plan to rate with, or the live state cannot be read now (no usage yet,
 * Temporal unreachable, usage the plan cannot rate); the budgets are still listed then.
 */
export async function loadCurrentSpend(
  deps: LiveInvoiceDeps,
  customerId: string,
  budgets: readonly Budget[],
): Promise<Map<string, CurrentSpend | null>> {
  const none = new Map<string, CurrentSpend | null>(budgets.map((budget) => [budget.id, null]));
  if (budgets.length === 0) return none;
  let live: Awaited<ReturnType<typeof loadLiveInvoice>>;
  try {
    live = await loadLiveInvoice(deps, customerId);
  } catch (error) {
    if (error instanceof BillingError) return none;
    throw error;
  }
  const { usage, preview, context, segments } = live;
  if (!preview || !context) return none;
  const forecast = budgets.some((budget) => budget.basis === 'forecast')
    ? draftInvoice({
        ...context,
        customerId,
        period: usage.period,
        usage: projectUsageToPeriodEnd({
          period: usage.period,
          asOfMs: usage.asOfMs,
          usage: usageGroupsOf(usage.resources),
          openRuns: usage.openRuns,
        }),
        ...(segments
          ? { segments: projectSegmentsToPeriodEnd(segments, usage.asOfMs, usage.openRuns) }
          : {}),
      })
    : null;
  return new Map(
    budgets.map((budget) => {
      const draft = budget.basis === 'forecast' && forecast !== null ? forecast : preview;
      const spent = spendOf(draft.lines, budget.projectId, draft.currency);
      return [budget.id, { period: usage.period, spent, percent: percentOf(spent, budget.amount) }];
    }),
  );
}
