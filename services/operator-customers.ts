import {
  loadOperatorCustomers,
  type OperatorCustomerRow,
} from '../db/repositories/operator-customers.repository';
import { Decimal } from '../domain/decimal';
import { BillingError } from '../domain/errors';
import { formatAmount } from '../domain/money';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { billingCycleWorkflowId } from '../domain/workflow-ids';
import type { PortalSettings } from './portal-tokens';
import { loadLiveInvoice, type LiveInvoiceDeps } from './preview-invoice';

export interface OperatorCustomer {
  id: string;
  name: string;
  email: string;
  currency: string;
  status: 'active' | 'no_subscription';
  /** The current period's cost so far; null when the workflow did not answer in time. */
  accrued: string | null;
  openAmount: string;
  /** Opens the portal on this customer for an operator session. */
  portalUrl: string;
  /** The customer's billing-cycle workflow in the Temporal Web UI; null without a UI URL. */
  workflowUrl: string | null;
}

/** Live queries at once, at most: a page of 200 customers does not open 200 queries. */
const LIVE_CONCURRENCY = 8;
/** A workflow that has not answered by then is shown without its accrued cost. */
const LIVE_TIMEOUT_MS = 2_000;

async function accruedOf(deps: LiveInvoiceDeps, customerId: string): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LIVE_TIMEOUT_MS);
  });
  try {
    const live = loadLiveInvoice(deps, customerId).then(
      ({ preview }) => preview?.totals.total ?? null,
      () => null,
    );
    return await Promise.race([live, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `fn` over `items`, at most `limit` at a time, answers in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const at = next;
      next += 1;
      results[at] = await fn(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function workflowUrlOf(
  portal: Pick<PortalSettings, 'temporalUiUrl' | 'temporalNamespace'>,
  customerId: string,
): string | null {
  if (portal.temporalUiUrl === null) return null;
  const base = portal.temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(portal.temporalNamespace)}/workflows/${encodeURIComponent(billingCycleWorkflowId(customerId))}`;
}

/**
 * GET /v1/operator/customers: customers in id order, searched by name or email (contains,
 * any case) or id (prefix), with status and open amount from the database and the accrued
 * cost from each billing-cycle workflow's live query (bounded, null when it does not answer).
 */
export async function listOperatorCustomers(
  deps: LiveInvoiceDeps & { portal: Pick<PortalSettings, 'temporalUiUrl' | 'temporalNamespace'> },
  principal: Principal,
  input: PageRequest & { search?: string },
): Promise<Page<OperatorCustomer>> {
  if (principal.kind !== 'operator') {
    throw new BillingError('forbidden', 'this endpoint needs an operator key');
  }
  const afterId =
    input.cursor === undefined ? undefined : decodeCursor(input.cursor, ['string'])[0];
  const rows = await loadOperatorCustomers(deps.db, {
    take: input.limit + 1,
    ...(afterId === undefined ? {} : { afterId }),
    ...(input.search === undefined || input.search === '' ? {} : { search: input.search }),
    atMs: deps.now(),
  });
  const page = pageOf(rows, input.limit, (row) => [row.id]);
  const accrued = await mapBounded(page.items, LIVE_CONCURRENCY, (row) =>
    row.subscribed ? accruedOf(deps, row.id) : Promise.resolve(null),
  );
  return {
    items: page.items.map((row: OperatorCustomerRow, index) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      currency: row.currency,
      status: row.subscribed ? 'active' : 'no_subscription',
      accrued: accrued[index] ?? null,
      openAmount: formatAmount(new Decimal(row.openAmount), row.currency),
      portalUrl: `/portal/customers/${encodeURIComponent(row.id)}/`,
      workflowUrl: workflowUrlOf(deps.portal, row.id),
    })),
    nextCursor: page.nextCursor,
  };
}
