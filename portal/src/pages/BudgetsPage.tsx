import type { Budget, Page, Project } from '../http/types';
import { Empty, ErrorState, Loading, Refreshing } from '../components/states';
import { useCustomer } from '../customer-context';
import type { PortalFormat } from '../format';
import { useData } from '../use-data';
import { usePages } from '../use-pages';
import { LiveMark, useUsageStream } from '../use-usage-stream';
import { alertsInPeriod, barPosition, periodOf, scopeLabel } from './budgets';

/** "85.0" -> "85 %", "33.3" -> "33.3 %" (en-GB), "33,3 %" (de-DE). */
export const percentLabel = (format: PortalFormat, percent: string | number): string =>
  `${format.quantity(String(percent))}\u00a0%`;

const BASIS = {
  accrued: { short: 'Accrued', long: 'charges so far this period' },
  forecast: { short: 'Forecast', long: 'charges projected to the period end' },
};

/** The spend so far against the amount, with a mark at each threshold. */
function BudgetBar({ budget, format }: { budget: Budget; format: PortalFormat }) {
  const percent = budget.current?.percent ?? '0';
  const reached = (threshold: number) => Number(percent) >= threshold;
  const over = budget.current !== null && Number(percent) >= 100;
  return (
    <div className="budget-bar-wrap">
      <div
        className={`budget-bar${over ? ' budget-bar-over' : ''}`}
        role="progressbar"
        aria-label={`Spend of budget ${budget.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Number(percent))}
        aria-valuetext={budget.current === null ? 'unknown' : percentLabel(format, percent)}
      >
        <div
          className="budget-bar-fill"
          style={{ width: `${barPosition(percent, budget.thresholds)}%` }}
        />
        {budget.thresholds.map((threshold) => (
          <span
            key={threshold}
            className={`budget-mark${reached(threshold) ? ' budget-mark-reached' : ''}`}
            style={{ left: `${barPosition(threshold, budget.thresholds)}%` }}
            title={percentLabel(format, threshold)}
          />
        ))}
      </div>
      <div className="budget-scale" aria-hidden="true">
        {budget.thresholds.map((threshold) => (
          <span
            key={threshold}
            className="budget-scale-label"
            style={{ left: `${barPosition(threshold, budget.thresholds)}%` }}
          >
            {percentLabel(format, threshold)}
          </span>
        ))}
      </div>
    </div>
  );
}

function BudgetCard(props: {
  budget: Budget;
  projectNames: ReadonlyMap<string, string>;
  format: PortalFormat;
}) {
  const { budget, projectNames, format } = props;
  const { current } = budget;
  const crossed = alertsInPeriod(budget, periodOf(budget, null));
  const crossedThresholds = new Set(crossed.map((alert) => alert.threshold));
  const pending = budget.thresholds.filter((threshold) => !crossedThresholds.has(threshold));
  return (
    <section
      className="card budget"
      aria-labelledby={`budget-${budget.id}`}
      data-budget={budget.id}
    >
      <div className="section-head">
        <h2 id={`budget-${budget.id}`}>{budget.id}</h2>
        <span className={`badge basis-${budget.basis}`}>{BASIS[budget.basis].short}</span>
      </div>
      <p className="muted">
        <span data-testid="budget-scope">{scopeLabel(budget, projectNames)}</span> ·{' '}
        <span data-testid="budget-amount">{format.amount(budget.amount)}</span> per billing period ·
        counts the {BASIS[budget.basis].long}
      </p>
      {current === null ? (
        <p className="muted" data-testid="budget-spent">
          No current figure right now: there is no live usage of this period to measure yet.
        </p>
      ) : (
        <>
          <p className="budget-spent" data-testid="budget-spent">
            <strong>{format.amount(current.spent)}</strong> of {format.amount(budget.amount)}{' '}
            <span className="budget-percent" data-testid="budget-percent">
              ({percentLabel(format, current.percent)})
            </span>
          </p>
          <p className="muted">{format.period(current.periodStart, current.periodEnd)}</p>
        </>
      )}
      <BudgetBar budget={budget} format={format} />
      <h3>Thresholds this period</h3>
      <ul className="budget-thresholds">
        {crossed.map((alert) => (
          <li key={alert.threshold} className="budget-crossed" data-testid="budget-crossed">
            <strong>{percentLabel(format, alert.threshold)}</strong> passed on{' '}
            {format.dateTime(alert.crossedAt)} at {format.amount(alert.spend)}
          </li>
        ))}
        {pending.map((threshold) => (
          <li key={threshold} className="budget-pending" data-testid="budget-pending">
            {percentLabel(format, threshold)} not reached
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The customer's spend budgets (a project session: its project's): each one's spend this
 * period on its basis, against its amount and thresholds, and the thresholds it passed.
 * The figures are the API's (the same spend the alerts measure); nothing is computed here.
 */
export function BudgetsPage() {
  const { api, format } = useCustomer();
  const { list, error, loading, more, reload } = usePages(
    `${api}/budgets?limit=100`,
    (answer: Page<Budget>) => ({ items: answer.data, nextCursor: answer.nextCursor }),
  );
  const projects = useData<Page<Project>>(`${api}/projects?limit=200`);
  const projectNames = new Map(
    projects.state === 'ready' ? projects.value.data.map((p) => [p.id, p.name] as const) : [],
  );
  const stream = useUsageStream(api, reload);

  return (
    <>
      <div className="page-head">
        <h1>Budgets</h1>
        <LiveMark state={stream} />
        <Refreshing active={loading && list !== null} />
      </div>
      <p className="muted">
        Each budget is alerted once per threshold and billing period, by webhook and email. Spend
        counts the period&apos;s charges before coupons, credits and taxes.
      </p>
      {error && <ErrorState error={error} retry={reload} />}
      {!list && loading && <Loading label="Loading the budgets" />}
      {list && list.items.length === 0 && <Empty>No budget has been set.</Empty>}
      {list?.items.map((budget) => (
        <BudgetCard key={budget.id} budget={budget} projectNames={projectNames} format={format} />
      ))}
      {list?.nextCursor && (
        <button type="button" className="secondary more" onClick={more} disabled={loading}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}
