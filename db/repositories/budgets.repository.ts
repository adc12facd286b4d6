import { and, asc, desc, eq } from 'drizzle-orm';
import { afterKey } from '../keyset';
import type { Budget } from '../../domain/budgets/budget';
import type { Database } from '../client';
import { billingEvents, budgetCrossings, budgets } from '../schema';

type BudgetRow = typeof budgets.$inferSelect;

function toBudget(row: BudgetRow): Budget {
  return {
    customerId: row.customerId,
    id: row.id,
    projectId: row.projectId,
    amount: row.amount,
    thresholds: row.thresholds,
    basis: row.basis,
  };
}

/** Inserts a budget; false when the customer already has one with that id (nothing written). */
export async function saveNewBudget(db: Database, budget: Budget): Promise<boolean> {
  const inserted = await db
    .insert(budgets)
    .values(budget)
    .onConflictDoNothing()
    .returning({ id: budgets.id });
  return inserted.length === 1;
}

export async function loadBudget(
  db: Database,
  customerId: string,
  id: string,
): Promise<Budget | null> {
  const [row] = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.customerId, customerId), eq(budgets.id, id)));
  return row ? toBudget(row) : null;
}

/** A customer's budgets, by id. */
export async function loadBudgets(db: Database, customerId: string): Promise<Budget[]> {
  const rows = await db
    .select()
    .from(budgets)
    .where(eq(budgets.customerId, customerId))
    .orderBy(asc(budgets.id));
  return rows.map(toBudget);
}

/** A page of a customer's budgets, by id, after a budget id (keyset pagination). */
export async function loadBudgetsAfter(
  db: Database,
  customerId: string,
  page: { take: number; after?: readonly [string] },
): Promise<Budget[]> {
  const rows = await db
    .select()
    .from(budgets)
    .where(
      and(
        eq(budgets.customerId, customerId),
        page.after ? afterKey([budgets.id], page.after) : undefined,
      ),
    )
    .orderBy(asc(budgets.id))
    .limit(page.take);
  return rows.map(toBudget);
}

/** One alert to record: the crossing and the outbox event that reports it. */
export interface BudgetAlertRecord {
  budgetId: string;
  threshold: number;
  spend: string;
  eventId: string;
  subjectId: string;
  payload: Record<string, unknown>;
  occurredAtMs: number;
}

/**
 * Records crossings in one transaction, each at most once per (customer, budget, period,
 * threshold): the crossing row is inserted if absent and, only when it was, its
 * `budget.threshold_crossed` event goes to the outbox in the same transaction. A check that
 * runs again (a retry, a redraft, a worker restart) inserts nothing. Returns the ids of the
 * events recorded now.
 */
export async function recordBudgetAlerts(
  db: Database,
  customerId: string,
  periodStartMs: number,
  alerts: readonly BudgetAlertRecord[],
): Promise<string[]> {
  if (alerts.length === 0) return [];
  return db.transaction(async (tx) => {
    const recorded: string[] = [];
    for (const alert of alerts) {
      const inserted = await tx
        .insert(budgetCrossings)
        .values({
          customerId,
          budgetId: alert.budgetId,
          periodStart: new Date(periodStartMs),
          threshold: alert.threshold,
          spend: alert.spend,
          eventId: alert.eventId,
          crossedAt: new Date(alert.occurredAtMs),
        })
        .onConflictDoNothing()
        .returning({ eventId: budgetCrossings.eventId });
      if (inserted.length === 0) continue;
      await tx.insert(billingEvents).values({
        id: alert.eventId,
        type: 'budget.threshold_crossed',
        customerId,
        subjectId: alert.subjectId,
        payload: alert.payload,
        occurredAt: new Date(alert.occurredAtMs),
      });
      recorded.push(alert.eventId);
    }
    return recorded;
  });
}

/** A recorded crossing, as the budgets' view lists it. */
export interface StoredBudgetCrossing {
  budgetId: string;
  periodStartMs: number;
  threshold: number;
  spend: string;
  crossedAtMs: number;
}

/** A customer's crossings, newest period first, then by budget and threshold. */
export async function loadBudgetCrossings(
  db: Database,
  customerId: string,
): Promise<StoredBudgetCrossing[]> {
  const rows = await db
    .select()
    .from(budgetCrossings)
    .where(eq(budgetCrossings.customerId, customerId))
    .orderBy(
      desc(budgetCrossings.periodStart),
      asc(budgetCrossings.budgetId),
      asc(budgetCrossings.threshold),
    );
  return rows.map((row) => ({
    budgetId: row.budgetId,
    periodStartMs: row.periodStart.getTime(),
    threshold: row.threshold,
    spend: row.spend,
    crossedAtMs: row.crossedAt.getTime(),
  }));
}
