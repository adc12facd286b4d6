import { useEffect, useMemo } from 'react';
import { ApiError } from './http/client';
import type { CustomerContext as Context, CustomerRecord, Invoice, Me } from './http/types';
import { NotForProject, sessionProject, Shell } from './components/Shell';
import { ErrorState, Loading } from './components/states';
import { CustomerContext, type CustomerScope } from './customer-context';
import { createPortalFormat } from './format';
import { BudgetsPage } from './pages/BudgetsPage';
import { CreditsPage } from './pages/CreditsPage';
import { InvoicePage } from './pages/InvoicePage';
import { InvoicesPage } from './pages/InvoicesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverviewPage } from './pages/OverviewPage';
import { ResourcePage } from './pages/ResourcePage';
import { ResourcesPage } from './pages/ResourcesPage';
import { UsagePage } from './pages/UsagePage';
import { basePath, type Route } from './routes';
import { navigate, useLocation } from './router';
import { useData } from './use-data';

type CustomerRoute =
  Exclude<Route, { page: 'home' | 'operator' | 'notFound' }> | { page: 'overview' };

function contextOf(record: CustomerRecord): Context {
  return {
    id: record.id,
    name: record.name,
    currency: record.currency,
    locale: record.locale,
    timeZone: record.timezone,
  };
}

function Page({ route, me, base }: { route: CustomerRoute; me: Me; base: string }) {
  const project = sessionProject(me) !== null;
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'usage':
      return <UsagePage />;
    case 'resources':
      return <ResourcesPage />;
    case 'resource':
      // A resource's runs are read account-wide (GET .../resources/{id}/runs): 404 to a
      // project session. Its resources, usage and cost are on the Resources and Usage pages.
      return project ? (
        <NotForProject what="Resource runs" base={base} />
      ) : (
        <ResourcePage resourceId={route.resourceId} />
      );
    case 'invoices':
      return <InvoicesPage />;
    case 'invoice':
      return <InvoicePage invoiceId={route.invoiceId} />;
    case 'budgets':
      return <BudgetsPage />;
    case 'credits':
      // The credit balance is the account's: a project session's read is a 404.
      return project ? <NotForProject what="The credit balance" base={base} /> : <CreditsPage />;
  }
}

/**
 * The pages of one customer: the session's own, or the one the URL names. Another
 * customer's id answers 404 to a customer session, shown as "not found" with nothing of it.
 */
export function CustomerPages(props: { me: Me; route: Route; onSignedOut: () => void }) {
  const { me, onSignedOut } = props;
  const route = (props.route.page === 'home' ? { page: 'overview' } : props.route) as CustomerRoute;
  const explicit = 'customerId' in route ? route.customerId : undefined;
  const own = me.customer;
  // `/portal/invoices/<id>` without a customer of one's own (an operator): the invoice names
  // its customer, and the page moves to that customer's URL for it.
  const invoiceId = route.page === 'invoice' ? route.invoiceId : null;
  const ownerless = invoiceId !== null && explicit === undefined && own === null;
  const owner = useData<Pick<Invoice, 'customerId'>>(
    ownerless ? `/v1/invoices/${encodeURIComponent(invoiceId)}` : null,
  );
  const { search } = useLocation();
  const ownerId = ownerless && owner.state === 'ready' ? owner.value.customerId : null;
  const rest = search.toString();
  useEffect(() => {
    if (ownerId === null || invoiceId === null) return;
    const target = `${basePath(ownerId)}/invoices/${encodeURIComponent(invoiceId)}`;
    navigate(rest === '' ? target : `${target}?${rest}`, { replace: true });
  }, [ownerId, invoiceId, rest]);
  const customerId = explicit ?? own?.id;
  const needsLookup = customerId !== undefined && (own === null || own.id !== customerId);
  const record = useData<CustomerRecord>(
    needsLookup ? `/v1/customers/${encodeURIComponent(customerId)}` : null,
  );
  const loaded = record.state === 'ready' ? record.value : null;

  const scope = useMemo<CustomerScope | null>(() => {
    const context = needsLookup ? (loaded === null ? null : contextOf(loaded)) : own;
    if (context === null || customerId === undefined) return null;
    return {
      me,
      customerId,
      name: context.name,
      base: basePath(explicit),
      api: `/v1/customers/${encodeURIComponent(customerId)}`,
      format: createPortalFormat(context.locale, context.currency, context.timeZone),
    };
  }, [me, own, loaded, needsLookup, customerId, explicit]);

  let body;
  if (ownerless && owner.state === 'error') {
    body =
      owner.error instanceof ApiError && owner.error.status === 404 ? (
        <NotFoundPage />
      ) : (
        <ErrorState error={owner.error} retry={owner.reload} />
      );
  } else if (ownerless) body = <Loading label="Loading the invoice" />;
  else if (customerId === undefined) body = <NotFoundPage />;
  else if (needsLookup && record.state === 'loading')
    body = <Loading label="Loading the customer" />;
  else if (needsLookup && record.state === 'error') {
    body =
      record.error instanceof ApiError && record.error.status === 404 ? (
        <NotFoundPage />
      ) : (
        <ErrorState error={record.error} retry={record.reload} />
      );
  } else if (scope === null) body = <Loading label="Loading the customer" />;
  else body = <Page route={route} me={me} base={scope.base} />;

  return (
    <CustomerContext.Provider value={scope}>
      <Shell me={me} scope={scope} onSignedOut={onSignedOut}>
        {body}
      </Shell>
    </CustomerContext.Provider>
  );
}
