import { sql } from 'drizzle-orm';
import { saveNewProject } from '../../db/repositories/projects.repository';
import { withProject } from '../../domain/projects/project-dimension';
import { checkBudgets } from '../../services/check-budgets';
import { createBudget, listBudgets } from '../../services/budgets';
import { aCustomer } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { aCounterUsage, aUsageReport } from '../fixtures/usage-reports';
import { databaseEngines, useEngine } from '../support/engines';
import { saveSubscribedCustomer } from '../support/subscribed-customer';

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

const PERIOD = { startMs: Date.UTC(2030, 10, 1), endMs: Date.UTC(2030, 11, 1) };
const OPERATOR = { kind: 'operator' } as const;

/** Egress at 1.00 per unit; web's and the account's own counters. */
const plan = () =>
  aPlan({
    minimumCommitment: null,
    prices: [
      {
        id: 'egress',
        meter: 'network.egress',
        dimensionsFilter: {},
        model: { type: 'counter', unitPrice: '1' },
      },
    ],
  });

const report = (web: string, own: string) =>
  aUsageReport({
    period: PERIOD,
    asOfMs: PERIOD.startMs + 86_400_000,
    resources: [
      aCounterUsage('network.egress', web, {
        resourceId: 'b-web',
        dimensions: withProject({}, 'web') ?? {},
      }),
      aCounterUsage('network.egress', own, { resourceId: 'b-own' }),
    ],
  });

describe.each(databaseEngines)('budgets on %s', (_name, open) => {
  const handle = useEngine(open);
  /** The customers whose billing cycles were told their budgets changed, in order. */
  let told: string[] = [];
  beforeEach(() => {
    told = [];
  });
  const budgetDeps = () => ({
    db: handle.db,
    cycles: {
      budgetsChanged: (customerId: string) => {
        told.push(customerId);
        return Promise.resolve();
      },
    },
  });

  test('a project budget crosses 80 % and then 100 % within one period, once each', async () => {
    const customer = await saveSubscribedCustomer(handle.db, plan(), { customer: aCustomer() });
    await saveNewProject(handle.db, {
      customerId: customer.id,
      id: 'web',
      name: 'Web',
      team: null,
      costCenter: null,
      purchaseOrderReference: null,
    });
    await createBudget(budgetDeps(), OPERATOR, {
      customerId: customer.id,
      id: 'web-monthly',
      projectId: 'web',
      amount: '200.00',
      thresholds: [80, 100],
      basis: 'accrued',
    });
    const deps = { db: handle.db, now: () => PERIOD.startMs + 86_400_000 };
    const check = (web: string, own: string) =>
      checkBudgets(deps, { customerId: customer.id, report: report(web, own) });

    // The account's own usage does not count for web's budget.
    expect(await check('150', '500')).toEqual({ budgets: 1, recorded: [] });
    const at80 = await check('165', '500');
    expect(at80.recorded).toEqual([
      `evt_budget.threshold_crossed_budget-alert:${customer.id}:web-monthly:${PERIOD.startMs}:80`,
    ]);
    // Checked again (a retry, a redraft): nothing new.
    expect(await check('170', '500')).toEqual({ budgets: 1, recorded: [] });
    const at100 = await check('200', '500');
    expect(at100.recorded).toEqual([
      `evt_budget.threshold_crossed_budget-alert:${customer.id}:web-monthly:${PERIOD.startMs}:100`,
    ]);
    expect(await check('250', '500')).toEqual({ budgets: 1, recorded: [] });

    const events = rowsOf<{ type: string; payload: { threshold: number; spend: string } }>(
      await handle.db.execute(
        sql`select type, payload from billing_events where customer_id = ${customer.id} order by (payload->>'threshold')::int`,
      ),
    );
    expect(events.map((e) => [e.type, e.payload.threshold, e.payload.spend])).toEqual([
      ['budget.threshold_crossed', 80, '165.00'],
      ['budget.threshold_crossed', 100, '200.00'],
    ]);
    const {
      items: [listed],
    } = await listBudgets(handle.db, OPERATOR, customer.id, { limit: 10 });
    expect(listed?.alerts.map((a) => [a.threshold, a.spend, a.periodStartMs])).toEqual([
      [80, '165.00', PERIOD.startMs],
      [100, '200.00', PERIOD.startMs],
    ]);
  });

  test('an account budget counts every project; the forecast projects to the period end', async () => {
    const customer = await saveSubscribedCustomer(handle.db, plan(), { customer: aCustomer() });
    await createBudget(budgetDeps(), OPERATOR, {
      customerId: customer.id,
      id: 'all',
      projectId: null,
      amount: '1000',
      thresholds: [50],
      basis: 'accrued',
    });
    await createBudget(budgetDeps(), OPERATOR, {
      customerId: customer.id,
      id: 'all-forecast',
      projectId: null,
      amount: '1000',
      thresholds: [100],
      basis: 'forecast',
    });
    const deps = { db: handle.db, now: () => PERIOD.startMs + 86_400_000 };
    // One day of 30 in: 40 + 10 = 50 so far, projected 50 x 30 = 1500 at the end.
    const result = await checkBudgets(deps, {
      customerId: customer.id,
      report: report('40', '10'),
    });
    expect(result.recorded).toEqual([
      `evt_budget.threshold_crossed_budget-alert:${customer.id}:all-forecast:${PERIOD.startMs}:100`,
    ]);
  });

  test('a budget is validated: amount in the currency, a known project; the same id twice', async () => {
    const customer = await saveSubscribedCustomer(handle.db, plan(), { customer: aCustomer() });
    const base = {
      customerId: customer.id,
      id: 'b1',
      projectId: null,
      amount: '10.00',
      thresholds: [100],
      basis: 'accrued' as const,
    };
    await expect(
      createBudget(budgetDeps(), OPERATOR, { ...base, amount: '10.001' }),
    ).rejects.toThrow('the budget is invalid');
    await expect(
      createBudget(budgetDeps(), OPERATOR, { ...base, projectId: 'ghost' }),
    ).rejects.toThrow('the budget is invalid');
    expect(told).toEqual([]);
    expect((await createBudget(budgetDeps(), OPERATOR, base)).created).toEqual(true);
    // The replay tells the cycle again: it may be the retry of a request that failed to.
    expect((await createBudget(budgetDeps(), OPERATOR, base)).created).toEqual(false);
    await expect(
      createBudget(budgetDeps(), OPERATOR, { ...base, amount: '11.00' }),
    ).rejects.toThrow('exists with other fields');
    expect(told).toEqual([customer.id, customer.id]);
  });
});
