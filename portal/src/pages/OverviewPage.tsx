import { useCallback } from 'react';
import { ApiError } from '../http/client';
import type { Budget, Overview, Page } from '../http/types';
import { NotForProject, sessionProject } from '../components/Shell';
import { Empty, ErrorState, Loading, Refreshing } from '../components/states';
import { useCustomer } from '../customer-context';
import { Link } from '../router';
import { useData } from '../use-data';
import { LiveMark, useUsageStream } from '../use-usage-stream';
import { bannerAlerts } from './budgets';
import { percentLabel } from './BudgetsPage';
import { burstHeadline, burstDetail, burstRule, useBursts } from './MetersTable';

/** "Budget 'X' passed 80 % on …" per budget that crossed a threshold this period. */
function BudgetBanner(props: { budgets: Budget[]; periodStart: string | null }) {
  const { base, format } = useCustomer();
  const alerts = bannerAlerts(props.budgets, props.periodStart);
  if (alerts.length === 0) return null;
  return (
    <div className="banner banner-budget" role="status" data-testid="budget-banner">
      <ul>
        {alerts.map((alert) => (
          <li key={alert.budgetId}>
            Budget &lsquo;{alert.budgetId}&rsquo; passed {percentLabel(format, alert.threshold)} on{' '}
            {format.date(alert.crossedAt)}.
          </li>
        ))}
      </ul>
      <Link to={`${base}/budgets`}>See budgets</Link>
    </div>
  );
}

function Figure(props: {
  label: string;
  value: string;
  note?: string;
  tone?: 'warn';
  testId?: string;
}) {
  return (
    <div className={`figure${props.tone ? ` figure-${props.tone}` : ''}`}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
      {props.note && <dd className="figure-note">{props.note}</dd>}
    </div>
  );
}

/** The current period at a glance: bounds, cost so far and forecast, balance and dues. */
export function OverviewPage() {
  const { api, base, format, me } = useCustomer();
  const overview = useData<Overview>(`${api}/overview`);
  const bursts = useBursts(`${api}/usage`);
  const budgets = useData<Page<Budget>>(`${api}/budgets?limit=100`);
  const { reload: reloadOverview } = overview;
  const { reload: reloadBursts } = bursts;
  const { reload: reloadBudgets } = budgets;
  const reload = useCallback(() => {
    reloadOverview();
    reloadBursts();
    reloadBudgets();
  }, [reloadOverview, reloadBursts, reloadBudgets]);
  const stream = useUsageStream(api, reload);
  const budgetList = budgets.state === 'ready' ? budgets.value.data : [];

  if (overview.state === 'loading') return <Loading label="Loading the overview" />;
  if (overview.state === 'error') {
    // A project session may not read the account's overview: say so, not "went wrong".
    if (
      sessionProject(me) !== null &&
      overview.error instanceof ApiError &&
      overview.error.status === 404
    ) {
      return (
        <>
          <div className="page-head">
            <h1>Overview</h1>
          </div>
          <BudgetBanner budgets={budgetList} periodStart={null} />
          <NotForProject what="The overview" base={base} />
        </>
      );
    }
    return <ErrorState error={overview.error} retry={overview.reload} />;
  }
  const o = overview.value;
  const hasOverdue = Number(o.overdueAmount) > 0;

  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <LiveMark state={stream} />
        <Refreshing active={overview.refreshing} />
      </div>
      <BudgetBanner budgets={budgetList} periodStart={o.period?.start ?? null} />
      {o.live === 'unavailable' && (
        <div className="banner banner-warn" role="alert">
          Live usage is unavailable right now: the billing engine cannot be reached. Figures below
          come from the last stored state; invoices and credits are up to date.
        </div>
      )}
      <section aria-labelledby="period-title" className="card">
        <h2 id="period-title">
          {o.period ? format.periodName(o.period.start, o.period.end) : 'No billing period yet'}
        </h2>
        {o.period && (
          <p className="muted">
            {format.period(o.period.start, o.period.end)} · times in {format.timeZone}
          </p>
        )}
        <dl className="figures">
          <Figure label="Accrued so far" value={format.amount(o.accrued)} testId="accrued" />
          <Figure
            label="Forecast to period end"
            value={o.forecast === null ? '—' : format.amount(o.forecast)}
            note={o.forecast === null ? 'no forecast without a plan or live data' : 'estimate'}
            testId="forecast"
          />
          <Figure
            label="Credit balance"
            value={format.amount(o.creditBalance)}
            testId="credit-balance"
          />
          <Figure
            label="Next invoice"
            value={o.nextInvoiceAt === null ? '—' : format.date(o.nextInvoiceAt)}
          />
          <Figure label="Open amount" value={format.amount(o.openAmount)} testId="open-amount" />
          <Figure
            label="Overdue"
            value={format.amount(o.overdueAmount)}
            {...(hasOverdue ? { tone: 'warn' as const } : {})}
          />
        </dl>
      </section>
      {bursts.meters.size > 0 && (
        <section aria-labelledby="burst-title" className="card">
          <h2 id="burst-title">Peaks and percentiles so far</h2>
          <p className="muted">
            What the burst rules make of this period so far: the high-water mark and when it was
            reached, the running percentile and how many intervals it drops, time above the
            baseline.
          </p>
          <dl className="figures">
            {[...bursts.meters.entries()].flatMap(([meter, figures]) =>
              figures.map((figure) => (
                <Figure
                  key={`${meter}:${figure.priceId}:${JSON.stringify(figure.dimensions)}`}
                  label={`${meter} · ${burstRule(figure)}`}
                  value={burstHeadline(figure, format)}
                  note={burstDetail(figure, format)}
                  testId={`burst-${meter}`}
                />
              )),
            )}
          </dl>
        </section>
      )}
      <section aria-labelledby="top-title" className="card">
        <div className="section-head">
          <h2 id="top-title">Top resources this period</h2>
          <Link to={`${base}/resources`}>All resources ({format.count(o.resourceCount)})</Link>
        </div>
        {o.topResources.length === 0 ? (
          <Empty>No usage in this period yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Meter</th>
                  <th scope="col" className="num hide-narrow">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Cost so far
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.topResources.map((resource) => (
                  <tr key={`${resource.meter}/${resource.resourceId}`}>
                    <td>
                      <Link to={`${base}/resources/${encodeURIComponent(resource.resourceId)}`}>
                        {resource.resourceId}
                      </Link>
                    </td>
                    <td>
                      <Link to={`${base}/resources?meter=${encodeURIComponent(resource.meter)}`}>
                        {resource.meter}
                      </Link>
                    </td>
                    <td className="num hide-narrow">
                      {format.measure(resource.quantity, resource.unit)}
                    </td>
                    <td className="num">{format.preciseAmount(resource.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
