import type { BillingCycles } from '../adapters/temporal/billing-cycles';
import { loadBillingProfile } from '../db/repositories/customers.repository';
import { loadCreditBalance } from '../db/repositories/credits.repository';
import { loadCustomerInvoices } from '../db/repositories/invoices.repository';
import { loadLedgerStartMs } from '../db/repositories/ledger.repository';
import { periodContaining } from '../domain/calendar';
import type { Period } from '../domain/calendar/types';
import { billingCycleOf, DEFAULT_BILLING_PROFILE } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { draftInvoice, projectUsageToPeriodEnd, usageGroupsOf } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { amountsOwed, nextInvoiceAtMs } from '../domain/usage/overview';
import type { PricedPeriod } from '../domain/usage/price-usage';
import { totalsPerResource, type ResourceTotal } from '../domain/usage/resource-totals';
import { loadVisibleCustomer } from './access';
import { loadDraftContext } from './draft-invoice';
import { getLiveUsage } from './get-live-usage';
import { loadPricedUsage, type UsageAnalyticsDeps } from './usage-analytics';

export interface OverviewDeps extends UsageAnalyticsDeps {
  cycles: Pick<BillingCycles, 'queryUsage'>;
}

export interface Overview {
  customerId: string;
  currency: string;
  locale: string;
  timeZone: string;
  period: Period;
  accrued: string;
  forecast: string | null;
  creditBalance: string;
  nextInvoiceAtMs: number;
  openAmount: string;
  overdueAmount: string;
  topResources: Pick<ResourceTotal, 'resourceId' | 'meter' | 'unit' | 'quantity' | 'cost'>[];
  resourceCount: number;
  live: 'ok' | 'unavailable';
}

const TOP_RESOURCES = 5;

/**
 * The portal's first page: the current period, what it costs so far and its forecast (the
 * totals of the invoice it would get now and at its end, services/get-live-usage.ts), the
 * credit balance, what is owed, and the resources that cost most. Accrued and forecast come
 * from the billing-cycle workflow; when Temporal does not answer, they are drafted the same
 * way from the ledger's replay (usage-analytics.ts) and `live` says "unavailable", so the
 * page never fails for it. A customer without any event has no workflow to ask.
 */
export async function getOverview(
  deps: OverviewDeps,
  principal: Principal,
  customerId: string,
): Promise<Overview> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const nowMs = deps.now();
  const cycle = billingCycleOf(customer);
  const period = periodContaining(cycle, nowMs);
  const [current] = await loadPricedUsage(deps, customer, {
    fromMs: period.startMs,
    toMs: period.endMs,
  });
  const usage = current as PricedPeriod;
  const currency = usage.currency ?? customer.currency;

  let live: Overview['live'] = 'ok';
  let cost: { accrued: string; forecast: string } | null;
  if ((await loadLedgerStartMs(deps.db, customer.id)) === null) {
    cost = await draftFromLedger(deps, customer.id, usage, nowMs);
  } else {
    try {
      cost = (await getLiveUsage({ ...deps, now: () => nowMs }, principal, customer.id)).cost;
    } catch (error) {
      if (!(error instanceof BillingError) || error.code !== 'temporal_unavailable') throw error;
      live = 'unavailable';
      cost = await draftFromLedger(deps, customer.id, usage, nowMs);
    }
  }

  const profile = (await loadBillingProfile(deps.db, customer.id)) ?? DEFAULT_BILLING_PROFILE;
  const resources = totalsPerResource([usage], period.startMs, period.endMs);
  return {
    customerId: customer.id,
    currency,
    locale: profile.locale,
    timeZone: customer.timezone,
    period,
    accrued: cost?.accrued ?? '0',
    forecast: cost?.forecast ?? null,
    creditBalance: await loadCreditBalance(deps.db, customer.id, currency),
    nextInvoiceAtMs: nextInvoiceAtMs(cycle, period, customer.gracePeriodSeconds * 1000, nowMs),
    ...amountsOwed(await loadCustomerInvoices(deps.db, customer.id), currency, nowMs),
    topResources: resources
      .slice(0, TOP_RESOURCES)
      .map(({ resourceId, meter, unit, quantity, cost: resourceCost }) => ({
        resourceId,
        meter,
        unit,
        quantity,
        cost: resourceCost,
      })),
    resourceCount: resources.length,
    live,
  };
}

/**
 * Accrued and forecast drafted from the ledger's replay of the current period: the same
 * assembly and projection as getLiveUsage, over the same usage the workflow holds. Null
 * without a plan.
 */
async function draftFromLedger(
  deps: UsageAnalyticsDeps,
  customerId: string,
  usage: PricedPeriod,
  nowMs: number,
): Promise<{ accrued: string; forecast: string } | null> {
  const { report, period } = usage;
  const context = await loadDraftContext(deps, {
    customerId,
    lateUsage: report.lateUsage,
    termsAtMs: nowMs,
  });
  if (!context) return null;
  const groups = usageGroupsOf(report.resources);
  const accrued = draftInvoice({ ...context, customerId, period, usage: groups });
  const forecast = draftInvoice({
    ...context,
    customerId,
    period,
    usage: projectUsageToPeriodEnd({
      period,
      asOfMs: report.asOfMs,
      usage: groups,
      openRuns: report.openRuns,
    }),
  });
  return { accrued: accrued.totals.total, forecast: forecast.totals.total };
}
