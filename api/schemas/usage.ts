import { z } from 'zod';
import { projectIdParam } from './ids';
import type { DraftInvoice } from '../../domain/invoice';
import { TAX_CATEGORIES } from '../../domain/invoice/tax-categories';
import type { Project } from '../../domain/projects/project';
import { projectSections } from '../../domain/projects/sections';
import { toIso } from '../../domain/time';
import type { BurstFigure } from '../../domain/rating/burst-figures';
import type { LiveCost } from '../../domain/projects/live-cost';
import type { LiveBurst } from '../../domain/rating/live-burst';
import type { LiveUsage } from '../../services/preview-invoice';

/** A decimal string as the engine writes it: exact, never a JSON number. */
const decimal = z.string().meta({ description: 'A decimal string, e.g. "12.5"' });
const instant = z.iso.datetime();
const dimensions = z.record(z.string(), z.string());
const periodSchema = z.strictObject({ start: instant, end: instant });

/** One resource's usage on one meter, with its dimensions: live, or unmatched in a draft. */
const resourceMeasuresShape = {
  resourceId: z.string(),
  meter: z.string(),
  dimensions,
  /** Run time in the period, in seconds. */
  seconds: decimal,
  quantitySeconds: decimal,
  quantity: decimal,
};

const burstScope = z.enum(['resource', 'account', 'project']);

/** The burst figures of one rule (docs/billing-rules.md, "Burstable workloads"). */
const burstShapes = {
  baseline: {
    rule: z.literal('baseline'),
    priceId: z.string(),
    baseline: decimal.meta({
      description:
        "The baseline: a resource's own (its baseline dimension, else the price's); a " +
        "meter line's is the price's `baseline` (default 0)",
    }),
    overageQuantitySeconds: decimal.meta({
      description: 'Quantity-seconds above the baseline so far: what the price bills',
    }),
  },
  peak: {
    rule: z.literal('peak'),
    priceId: z.string(),
    scope: burstScope,
    peak: decimal.meta({ description: 'The running peak: the most held at one instant so far' }),
    peakAt: instant.nullable().meta({
      description:
        'The first instant the peak was held; null when nothing was held, or for a line of ' +
        "scope 'resource' or 'project' (peaks at several instants)",
    }),
  },
  percentile: {
    rule: z.literal('percentile'),
    priceId: z.string(),
    scope: burstScope,
    percentile: z.number(),
    intervalSeconds: z.number().int(),
    rate: decimal.meta({
      description: 'The running percentile: the billed rate so far, in the price rate unit',
    }),
    intervals: z.number().int().meta({ description: 'N: the intervals elapsed so far' }),
    dropped: z.number().int().meta({ description: 'The top intervals dropped, of N' }),
  },
};

const burstFigureSchema = z
  .discriminatedUnion('rule', [
    z.strictObject(burstShapes.baseline),
    z.strictObject(burstShapes.peak),
    z.strictObject(burstShapes.percentile),
  ])
  .meta({
    id: 'BurstFigure',
    description:
      "A resource's burst figures so far: overage above its baseline, its own running peak, " +
      'or its own running percentile. Absent when no burst rule prices it.',
  });

/** Per meter line: the line's figures so far and in the forecast (the same line projected). */
const meterBurstSchema = z
  .discriminatedUnion('rule', [
    z.strictObject({
      ...burstShapes.baseline,
      dimensions,
      forecastOverageQuantitySeconds: decimal.nullable(),
    }),
    z.strictObject({ ...burstShapes.peak, dimensions, forecastPeak: decimal.nullable() }),
    z.strictObject({ ...burstShapes.percentile, dimensions, forecastRate: decimal.nullable() }),
  ])
  .meta({
    id: 'MeterBurstFigure',
    description:
      "One invoice line of a burst price, in the line's scope: the figures so far and the " +
      "forecast's (open runs run on; the peak and the running percentile stay as they are).",
  });

const resourceUsageSchema = z.strictObject({
  ...resourceMeasuresShape,
  /** Runs that started in the period. */
  runs: z.number().int(),
  burst: burstFigureSchema.optional(),
});

/** Live usage of the current period: instants as RFC 3339, amounts as decimal strings. */
export const usageViewShape = {
  customerId: z.string(),
  period: periodSchema,
  asOf: instant,
  lastSequence: z.number().int(),
  resources: z.array(resourceUsageSchema),
  meters: z.array(
    z.strictObject({
      meter: z.string(),
      seconds: decimal,
      quantitySeconds: decimal,
      quantity: decimal,
      /** One per line of a burst price on this meter; absent when none. */
      burst: z.array(meterBurstSchema).optional(),
    }),
  ),
  openRuns: z.array(
    z.strictObject({
      resourceId: z.string(),
      meter: z.string(),
      dimensions,
      quantity: decimal,
      since: instant,
    }),
  ),
  /** The period in its grace time, still taking late events; null otherwise. */
  closingPeriod: periodSchema.nullable(),
  /** Usage recorded for already-finalized periods: billed as adjustments. */
  lateUsage: z.array(
    z.strictObject({
      resourceId: z.string(),
      meter: z.string(),
      dimensions,
      quantity: decimal,
      periodStart: instant,
    }),
  ),
  anomalies: z.strictObject({
    duplicateStarts: z.number().int(),
    stopsWithoutRun: z.number().int(),
    updatesWithoutRun: z.number().int(),
    lateLifecycleEvents: z.number().int(),
  }),
};

/** GET /v1/customers/{id}/usage: optionally one project's part only. */
export const liveUsageQuery = z.object({
  projectId: projectIdParam.optional().meta({
    description:
      "Only this project's resources, meters, open runs and late usage, and as cost its " +
      'part of the invoice. A project key always reads its own project only; another ' +
      "project's id, like one the customer does not have, answers 404 project_not_found",
  }),
});

export const liveUsageSchema = z
  .strictObject({
    ...usageViewShape,
    /** Null when the customer has no plan to rate with. */
    cost: z
      .strictObject({
        currency: z.string(),
        /** The total of the invoice the period would get now. */
        accrued: decimal.meta({
          description: 'The total of the invoice the period would get if it closed now',
        }),
        forecast: decimal.meta({
          description:
            'The total of the invoice the period would get if the current state went on to ' +
            'its end: open runs keep running, counters keep their average rate so far; rated ' +
            'with the plan, so caps, tiers, minimums and the minimum commitment apply. An ' +
            'estimate, never a promise.',
        }),
        meters: z
          .array(
            z.strictObject({
              meter: z.string(),
              accrued: decimal,
              forecast: decimal,
            }),
          )
          .meta({
            description:
              "Per meter, sorted by meter: the sum of that meter's invoice lines (late-usage " +
              'adjustments included), before coupons and taxes, so far and projected. The ' +
              'minimum-commitment top-up, coupons and taxes are in the totals only.',
          }),
        projects: z
          .array(
            z.strictObject({
              projectId: z.string().nullable(),
              name: z.string().nullable(),
              accrued: decimal,
              forecast: decimal,
            }),
          )
          .meta({
            description:
              "Per project, the account's own part (projectId null) first, then projects by " +
              "id: the project's section of the invoice (its lines, as the invoice's " +
              '`projects[].subtotal`), so far and projected, before coupons and taxes. Lines ' +
              "are priced on the organization's total and split to projects by largest " +
              "remainder, so the parts sum exactly to the lines' subtotal: to accrued and " +
              'forecast when there are no coupons or taxes. Only parts with lines are listed; ' +
              'with projectId, only that project. Absent when no line belongs to a project ' +
              '(the invoice then has no sections either).',
          })
          .optional(),
      })
      .nullable(),
  })
  .meta({ id: 'LiveUsage' });

const ratedLineSchema = z
  .strictObject({
    lineId: z.string(),
    priceId: z.string(),
    meter: z.string(),
    dimensions,
    quantity: decimal,
    unit: z.string(),
    unitPrice: decimal,
    preciseAmount: decimal,
    amount: decimal,
    subLines: z.array(
      z.strictObject({
        resourceId: z.string(),
        quantity: decimal,
        preciseAmount: decimal,
        projectId: z.string().optional(),
      }),
    ),
    projectId: z.string().optional().meta({
      description:
        "The project whose part of the organization-wide line this is; absent: the account's own",
    }),
  })
  .meta({ id: 'RatedLine' });

const unmatchedUsageSchema = z.strictObject({
  ...resourceMeasuresShape,
  runs: z.array(
    z.strictObject({
      durationMs: z.number().int(),
      quantity: decimal,
      priorMs: z.number().int().optional(),
    }),
  ),
});

/** The current period's invoice if it closed now: what the period close would draft. */
export const invoicePreviewSchema = z
  .strictObject({
    customerId: z.string(),
    period: periodSchema,
    asOf: instant,
    planId: z.string(),
    currency: z.string(),
    lines: z.array(ratedLineSchema),
    subtotal: decimal,
    discounts: z.array(
      z.strictObject({
        couponId: z.string(),
        amount: decimal,
        allocations: z.array(z.strictObject({ lineId: z.string(), amount: decimal })),
      }),
    ),
    totalDiscount: decimal,
    taxes: z.array(
      z.strictObject({
        taxRateId: z.string(),
        name: z.string(),
        percentage: decimal,
        inclusive: z.boolean(),
        taxableAmount: decimal,
        taxAmount: decimal,
        /** The rate's tax category (docs/billing-rules.md, "Tax categories"). */
        category: z.enum(TAX_CATEGORIES).optional(),
        /** EN 16931 BT-120, for exempt and reverse_charge only. */
        exemptionReason: z.string().optional(),
      }),
    ),
    totalExcludingTax: decimal,
    totalTax: decimal,
    total: decimal,
    /** The credit balance the invoice would use now (fixed at finalization). */
    creditsApplied: decimal,
    amountDue: decimal,
    /** Usage no price of the plan matched: reported, never dropped. */
    unmatchedUsage: z.array(unmatchedUsageSchema),
    projects: z
      .array(
        z.strictObject({
          projectId: z.string().nullable(),
          name: z.string().nullable(),
          subtotal: decimal,
        }),
      )
      .meta({
        description:
          "The invoice's project sections as the invoice will have them: the account's own " +
          'lines (projectId null) first, then projects by id; the subtotals sum exactly to ' +
          '`subtotal`. Empty without lines.',
      }),
  })
  .meta({ id: 'InvoicePreview' });

/** Live usage as the API shows it: instants as RFC 3339, amounts as decimal strings. */
export function usageView(usage: LiveUsage) {
  return {
    customerId: usage.customerId,
    period: { start: toIso(usage.period.startMs), end: toIso(usage.period.endMs) },
    asOf: toIso(usage.asOfMs),
    lastSequence: usage.lastSequence,
    // Run shares and burst detail are for rating; the API reports totals per resource.
    resources: usage.resources.map(
      ({ runShares: _runShares, burst: _burst, ...resource }) => resource,
    ),
    meters: usage.meters,
    openRuns: usage.openRuns.map(({ sinceMs, ...run }) => ({ ...run, since: toIso(sinceMs) })),
    closingPeriod: usage.closingPeriod && {
      start: toIso(usage.closingPeriod.startMs),
      end: toIso(usage.closingPeriod.endMs),
    },
    lateUsage: usage.lateUsage.map(({ periodStartMs, intervals: _intervals, ...late }) => ({
      ...late,
      periodStart: toIso(periodStartMs),
    })),
    anomalies: usage.anomalies,
  };
}

export function liveUsageView(
  usage: LiveUsage,
  cost: LiveCost | null,
  burst: LiveBurst | null = null,
) {
  const view = usageView(usage);
  if (burst === null) return { ...view, cost };
  const byMeter = new Map<string, ReturnType<typeof meterBurstView>[]>();
  for (const line of burst.lines) {
    byMeter.set(line.accrued.meter, [
      ...(byMeter.get(line.accrued.meter) ?? []),
      meterBurstView(line),
    ]);
  }
  return {
    ...view,
    resources: view.resources.map((resource, i) => {
      const figure = burst.resources[i];
      return figure ? { ...resource, burst: burstFigureView(figure) } : resource;
    }),
    meters: view.meters.map((meter) => {
      const lines = byMeter.get(meter.meter);
      return lines ? { ...meter, burst: lines } : meter;
    }),
    cost,
  };
}

function burstFigureView(figure: BurstFigure) {
  if (figure.rule !== 'peak') return figure;
  const { peakAtMs, ...rest } = figure;
  return { ...rest, peakAt: peakAtMs === null ? null : toIso(peakAtMs) };
}

function meterBurstView({ accrued, forecast }: LiveBurst['lines'][number]) {
  const { meter: _meter, ...line } = accrued;
  const projected = forecast?.rule === accrued.rule ? forecast : null;
  switch (line.rule) {
    case 'baseline':
      return {
        ...line,
        forecastOverageQuantitySeconds:
          projected?.rule === 'baseline' ? projected.overageQuantitySeconds : null,
      };
    case 'peak':
      return {
        ...burstFigureView(line),
        dimensions: line.dimensions,
        forecastPeak: projected?.rule === 'peak' ? projected.peak : null,
      };
    case 'percentile':
      return { ...line, forecastRate: projected?.rule === 'percentile' ? projected.rate : null };
  }
}

export function invoicePreviewView(
  usage: LiveUsage,
  preview: DraftInvoice,
  projects: readonly Project[] = [],
) {
  const { totals } = preview;
  return {
    customerId: preview.customerId,
    period: { start: toIso(usage.period.startMs), end: toIso(usage.period.endMs) },
    asOf: toIso(usage.asOfMs),
    planId: preview.planId,
    currency: preview.currency,
    lines: preview.lines,
    subtotal: totals.subtotal,
    discounts: totals.discounts,
    totalDiscount: totals.totalDiscount,
    taxes: totals.taxes,
    totalExcludingTax: totals.totalExcludingTax,
    totalTax: totals.totalTax,
    total: totals.total,
    creditsApplied: totals.creditsApplied,
    amountDue: totals.amountDue,
    unmatchedUsage: preview.unmatched,
    projects: projectSections(preview.lines, projects, preview.currency, totals.subtotal).map(
      ({ projectId, name, subtotal }) => ({ projectId, name, subtotal }),
    ),
  };
}
