import type { Database } from '../db/client';
import { loadCustomerCoupons } from '../db/repositories/coupons.repository';
import { loadCreditBalance } from '../db/repositories/credits.repository';
import { loadCustomerTaxSettings } from '../db/repositories/tax-rates.repository';
import type { Period } from '../domain/calendar/types';
import type { Plan } from '../domain/catalog/plan';
import { activeCoupons } from '../domain/catalog/coupon';
import { draftInvoice, type DraftInvoice } from '../domain/invoice';
import type { PlanSegment } from '../domain/invoice/plan-segments';
import { planTermsOf } from '../domain/invoice/late-usage';
import type { LateUsage } from '../domain/metering/usage-report';
import type { UsageGroup } from '../domain/rating';
import { loadLateUsageAdjustments } from './late-usage-adjustments';
import { loadPlanAt } from '../db/repositories/catalog.repository';
import { loadPlanSegments, meterPlanSegments } from './plan-segments';
import { loadRestatements, type RestatementScope } from './restate-periods';

export interface DraftInvoiceDeps {
  db: Database;
}

export interface DraftInvoiceInput {
  customerId: string;
  period: Period;
  /** The period's usage: its persisted summary at a close, the workflow's live usage for a preview. */
  usage: UsageGroup[];
  /** Late usage of finalized periods this period reported: charged as adjustment lines. */
  lateUsage: readonly LateUsage[];
  /**
   * The instant whose plan is the invoice's (and rates the period when no plan change falls
   * inside it): the period's last instant at a close, now for a preview. A period with a
   * plan change inside is split: each segment is rated on its own plan (plan-segments.ts).
   */
  termsAtMs: number;
  /**
   * Finalized periods before this one that late lifecycle events changed are restated
   * (restate-periods.ts) up to this ledger position; absent: none are.
   */
  restate?: RestatementScope;
  /**
   * The plan in effect at `termsAtMs` (loadPlanAt), when the caller has loaded it already
   * (the period close, for its burst meters); absent: loaded here. Null: no plan then.
   */
  planAtTerms?: Plan | null;
}

/**
 * Everything a draft takes besides the period and its usage, as loaded for one customer;
 * `planSegments`: the period's plans when one changes inside it (services/plan-segments.ts),
 * whose usage is metered per segment from the ledger; null or absent: one plan.
 */
export type DraftContext = Omit<
  Parameters<typeof draftInvoice>[0],
  'customerId' | 'period' | 'usage' | 'segments'
> & { planSegments?: PlanSegment[] | null };

/**
 * Loads what drafting a customer's period takes: the plan in effect at `termsAtMs`, the
 * tax rates and override, the active coupons, the credit balance and the late-usage
 * adjustments. Null when the customer has no plan at that instant. One load can draft
 * several usages (the live cost and its forecast).
 */
export async function loadDraftContext(
  deps: DraftInvoiceDeps,
  input: Pick<
    DraftInvoiceInput,
    'customerId' | 'lateUsage' | 'termsAtMs' | 'restate' | 'planAtTerms'
  > & {
    /** The period drafted: given, a plan change inside it splits it (planSegments). */
    period?: Period;
  },
): Promise<DraftContext | null> {
  const { db } = deps;
  const { customerId } = input;
  const plan =
    input.planAtTerms === undefined
      ? await loadPlanAt(db, customerId, input.termsAtMs)
      : input.planAtTerms;
  const terms = plan && planTermsOf(plan);
  if (!terms) return null;
  return {
    terms,
    planSegments: input.period ? await loadPlanSegments(db, customerId, input.period) : null,
    ...(await loadCustomerTaxSettings(db, customerId)),
    coupons: activeCoupons(await loadCustomerCoupons(db, customerId)),
    creditBalance: await loadCreditBalance(db, customerId, terms.currency),
    adjustments: await loadLateUsageAdjustments(
      db,
      customerId,
      input.lateUsage,
      input.restate
        ? await loadRestatements(
            db,
            customerId,
            input.restate,
            input.lateUsage.map((usage) => usage.periodStartMs),
          )
        : new Map(),
    ),
  };
}

/**
 * The one assembly of a period's invoice, shared by the period close and the preview: the
 * plan in effect at `termsAtMs` rates the usage (minimum commitment included), then the
 * customer's tax rates, active coupons, credit balance and late-usage adjustments make the
 * totals. Null when the customer has no plan at that instant. Loads and computes only.
 */
export async function assembleDraftInvoice(
  deps: DraftInvoiceDeps,
  input: DraftInvoiceInput,
): Promise<DraftInvoice | null> {
  const context = await loadDraftContext(deps, input);
  const { customerId, period, usage } = input;
  if (!context) return null;
  // A plan change inside the period: each segment metered from the ledger up to the
  // summary's position and rated on its own plan (domain/invoice/plan-segments.ts).
  const segments =
    context.planSegments &&
    (await meterPlanSegments(deps.db, customerId, {
      period,
      segments: context.planSegments,
      upToSequence: input.restate?.upToSequence ?? null,
      asOfMs: period.endMs,
    }));
  return draftInvoice({ ...context, customerId, period, usage, ...(segments ? { segments } : {}) });
}
