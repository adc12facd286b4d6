/**
 * The shapes the portal reads, as the API documents them (/openapi.json); the portal keeps
 * its own copy so it imports nothing from the server. Money and quantities are decimal
 * strings, instants RFC 3339.
 */
export interface Me {
  principal: { kind: 'operator' | 'customer'; customerId?: string; projectId?: string };
  customer: CustomerContext | null;
  expiresAt: string;
  temporalUiUrl: string | null;
}

export interface CustomerContext {
  id: string;
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
}

/** GET /v1/customers/{id} (the customer's own record names its zone `timezone`). */
export interface CustomerRecord {
  id: string;
  name: string;
  currency: string;
  locale: string;
  timezone: string;
}

export interface Period {
  start: string;
  end: string;
}

export interface Overview {
  customerId: string;
  currency: string;
  locale: string;
  timeZone: string;
  period: Period | null;
  accrued: string;
  forecast: string | null;
  creditBalance: string;
  nextInvoiceAt: string | null;
  openAmount: string;
  overdueAmount: string;
  topResources: {
    resourceId: string;
    meter: string;
    unit: string;
    quantity: string;
    cost: string;
  }[];
  resourceCount: number;
  live: 'ok' | 'unavailable';
}

export type Granularity = 'hour' | 'day';
export type GroupBy = 'meter' | 'resource' | 'project';

export interface SeriesGroup {
  key: string;
  quantity: string;
  unit: string;
  cost?: string;
}

export interface Timeseries {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: GroupBy;
  timeZone: string;
  currency: string;
  buckets: { start: string; end: string; groups: SeriesGroup[] }[];
  totals: SeriesGroup[];
}

/** What a burst rule makes of the usage so far (docs/billing-rules.md, "Live figures"). */
export type BurstFigure =
  | { rule: 'baseline'; priceId: string; baseline: string; overageQuantitySeconds: string }
  | {
      rule: 'peak';
      priceId: string;
      scope: 'resource' | 'account' | 'project';
      peak: string;
      peakAt: string | null;
    }
  | {
      rule: 'percentile';
      priceId: string;
      scope: 'resource' | 'account' | 'project';
      percentile: number;
      intervalSeconds: number;
      rate: string;
      intervals: number;
      dropped: number;
    };

/** A meter's line of a burst price, with the forecast's figure of the same line. */
export type MeterBurstFigure = BurstFigure & {
  dimensions: Record<string, string>;
  forecastOverageQuantitySeconds?: string | null;
  forecastPeak?: string | null;
  forecastRate?: string | null;
};

/** GET /v1/customers/{id}/usage, the parts the portal reads: the burst figures. */
export interface LiveUsage {
  period: Period;
  asOf: string;
  resources: {
    resourceId: string;
    meter: string;
    dimensions: Record<string, string>;
    burst?: BurstFigure;
  }[];
  meters: { meter: string; burst?: MeterBurstFigure[] }[];
}

/** `cost` is null when no price of the plan rates it (precise, unrounded otherwise). */
export interface MeterSummary {
  meter: string;
  unit: string;
  quantity: string;
  cost: string | null;
  resourceCount: number;
}

export interface ResourceSummary {
  resourceId: string;
  meter: string;
  unit: string;
  quantity: string;
  cost: string | null;
  runCount: number;
  dimensions: Record<string, string>;
}

export interface RunSegment {
  start: string;
  end: string;
  quantity: string;
  seconds: string;
  usage: string;
  cost: string | null;
}

export interface Run {
  runId: string;
  start: string;
  stop: string | null;
  durationSeconds: string;
  quantity: string;
  unit: string;
  cost: string | null;
  dimensions: Record<string, string>;
  segments: RunSegment[];
}

export interface ResourceRuns {
  resourceId: string;
  currency: string;
  runs: Run[];
  total: { quantity: string; cost: string | null };
}

export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'overdue';

export interface InvoiceLine {
  lineId: string;
  meter: string;
  dimensions: Record<string, string>;
  quantity: string;
  unit: string;
  unitPrice: string;
  preciseAmount: string;
  amount: string;
  subLines: { resourceId: string; quantity: string; preciseAmount: string }[];
}

export interface Invoice {
  id: string;
  customerId: string;
  period: Period;
  currency: string;
  status: InvoiceStatus;
  number: string | null;
  finalizedAt: string | null;
  dueAt: string | null;
  subtotal: string;
  totalDiscount: string;
  totalExcludingTax: string;
  totalTax: string;
  total: string;
  creditsApplied: string;
  amountDue: string;
  amountPaid: string;
  amountCredited: string;
  amountRemaining: string;
  taxes: { taxRateId: string; name: string; percentage: string; taxAmount: string }[];
  /** Per line; `carriedToCredit` on a negative restatement that did not fit on the invoice. */
  lineTotals: { lineId: string; carriedToCredit?: string }[];
  lines: InvoiceLine[];
}

export interface CreditNote {
  id: string;
  number: string;
  reason: string;
  total: string;
  appliedToInvoice: string;
  creditedToBalance: string;
  issuedAt: string;
}

/** GET /v1/invoices/{id}/payments: a payment, identified within its invoice by the payer's reference. */
export interface InvoicePayment {
  invoiceId: string;
  reference: string;
  amount: string;
  currency: string;
  receivedAt: string;
}

export interface Credits {
  currency: string;
  balance: string;
  entries: {
    kind: 'grant' | 'consumption';
    amount: string;
    reference: string;
    description: string;
    createdAt: string;
  }[];
  nextCursor: string | null;
}

export interface OperatorCustomer {
  id: string;
  name: string;
  email: string;
  currency: string;
  status: 'active' | 'no_subscription';
  accrued: string | null;
  openAmount: string;
  portalUrl: string;
  workflowUrl: string | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** GET /v1/customers/{id}/budgets: a spend budget per billing period and its alerts. */
export interface Budget {
  id: string;
  customerId: string;
  projectId: string | null;
  amount: string;
  thresholds: number[];
  basis: 'accrued' | 'forecast';
  /** The current period's spend on the budget's basis; null without a live figure. */
  current: { periodStart: string; periodEnd: string; spent: string; percent: string } | null;
  /** Each threshold crossed, once per period, newest period first. */
  alerts: { periodStart: string; threshold: number; spend: string; crossedAt: string }[];
}

/** GET /v1/customers/{id}/projects (a project session: its own). */
export interface Project {
  id: string;
  name: string;
}
