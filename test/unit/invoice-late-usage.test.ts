import {
  adjustmentTermsOf,
  groupLateUsageByPeriod,
  lateUsageBilledBefore,
  lateUsageToRerate,
  planTermsOf,
  type ReportedLateUsage,
} from '../../domain/invoice/late-usage';
import { skipsZeroInvoice } from '../../domain/invoice/zero-invoice';
import { draftInvoice } from '../../domain/invoice';
import type { LateUsage } from '../../domain/metering/usage-report';

const NOV_1 = Date.UTC(2026, 10, 1);
const NOV_2 = Date.UTC(2026, 10, 2);
const NOV_3 = Date.UTC(2026, 10, 3);

const late = (periodStartMs: number, resourceId: string, quantity = '1'): LateUsage => ({
  periodStartMs,
  resourceId,
  meter: 'net.egress',
  dimensions: {},
  quantity,
});

describe('groupLateUsageByPeriod: one group per finalized period, oldest first', () => {
  it.each<[string, LateUsage[], { periodStartMs: number; usage: LateUsage[] }[]]>([
    ['nothing late', [], []],
    [
      'one period',
      [late(NOV_1, 'a'), late(NOV_1, 'b')],
      [{ periodStartMs: NOV_1, usage: [late(NOV_1, 'a'), late(NOV_1, 'b')] }],
    ],
    [
      'periods out of order; counters keep their order within a period',
      [late(NOV_3, 'c'), late(NOV_1, 'a'), late(NOV_3, 'b', '2'), late(NOV_2, 'x')],
      [
        { periodStartMs: NOV_1, usage: [late(NOV_1, 'a')] },
        { periodStartMs: NOV_2, usage: [late(NOV_2, 'x')] },
        { periodStartMs: NOV_3, usage: [late(NOV_3, 'c'), late(NOV_3, 'b', '2')] },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(groupLateUsageByPeriod(input)).toEqual(expected);
  });
});

const NOV_4 = Date.UTC(2026, 10, 4);
const reported = (
  reportedInPeriodStartMs: number,
  invoiceStatus: ReportedLateUsage['invoiceStatus'],
  lateUsage: LateUsage[],
): ReportedLateUsage => ({ reportedInPeriodStartMs, invoiceStatus, lateUsage });

describe('lateUsageBilledBefore: late usage of a period that finalized invoices already charged', () => {
  it.each<[string, ReportedLateUsage[], LateUsage[]]>([
    ['nothing reported before', [], []],
    [
      'reported by a finalized period, open or paid',
      [
        reported(NOV_2, 'open', [late(NOV_1, 'a', '3')]),
        reported(NOV_3, 'paid', [late(NOV_1, 'a')]),
      ],
      [late(NOV_1, 'a', '3'), late(NOV_1, 'a')],
    ],
    [
      'partially paid and void invoices charged it too (a void forgives, the usage happened)',
      [
        reported(NOV_2, 'partially_paid', [late(NOV_1, 'a', '3')]),
        reported(NOV_3, 'void', [late(NOV_1, 'b')]),
      ],
      [late(NOV_1, 'a', '3'), late(NOV_1, 'b')],
    ],
    [
      'the period being drafted (a draft) is not billed yet: a redraft charges its batch once',
      [
        reported(NOV_2, 'open', [late(NOV_1, 'a', '3')]),
        reported(NOV_3, 'draft', [late(NOV_1, 'a', '3')]),
      ],
      [late(NOV_1, 'a', '3')],
    ],
    [
      'a reporting period without an invoice charged nothing',
      [reported(NOV_2, null, [late(NOV_1, 'a', '3')])],
      [],
    ],
    [
      "late usage of other periods in the same summaries is not this period's",
      [
        reported(NOV_3, 'open', [late(NOV_1, 'a', '3'), late(NOV_2, 'x', '7')]),
        reported(NOV_4, 'open', [late(NOV_2, 'y')]),
      ],
      [late(NOV_1, 'a', '3')],
    ],
    [
      'summaries of the period itself or earlier never report it',
      [reported(NOV_1, 'open', [late(NOV_1, 'a', '3')])],
      [],
    ],
  ])('%s', (_name, reports, expected) => {
    expect(lateUsageBilledBefore(NOV_1, reports)).toEqual(expected);
  });
});

describe('lateUsageToRerate: what re-rating a period reads when a later one is drafted', () => {
  it.each<[string, number, ReportedLateUsage[], LateUsage[]]>([
    ['nothing reported', NOV_3, [], []],
    [
      'the drafted period before its first draft (no invoice yet): its own batch',
      NOV_3,
      [reported(NOV_3, null, [late(NOV_1, 'a', '2'), late(NOV_2, 'x')])],
      [late(NOV_1, 'a', '2')],
    ],
    [
      'charged by a finalized period, a draft of another left out, the drafted one redrafted',
      NOV_4,
      [
        reported(NOV_2, 'open', [late(NOV_1, 'a', '3')]),
        reported(NOV_3, 'draft', [late(NOV_1, 'b', '2')]),
        reported(NOV_4, 'draft', [late(NOV_1, 'c')]),
      ],
      [late(NOV_1, 'a', '3'), late(NOV_1, 'c')],
    ],
  ])('%s', (_name, drafted, reports, expected) => {
    expect(lateUsageToRerate(NOV_1, drafted, reports)).toEqual(expected);
  });
});

describe('plan terms', () => {
  const plan = { id: 'p', currency: 'EUR', prices: [], minimumCommitment: '20.00' };
  it.each([
    ['a period billed on the plan keeps its minimum', planTermsOf(plan), '20.00'],
    ['late usage is re-rated without the minimum (settled before)', adjustmentTermsOf(plan), null],
  ])('%s', (_name, terms, minimumCommitment) => {
    expect(terms).toEqual({ planId: 'p', currency: 'EUR', prices: [], minimumCommitment });
  });
});

describe('skipsZeroInvoice: only an opted-out customer with nothing to charge gets no invoice', () => {
  const draftOf = (seconds: number, unmatched = false) =>
    draftInvoice({
      customerId: 'c',
      period: { startMs: NOV_1, endMs: NOV_2 },
      terms: {
        planId: 'p',
        currency: 'EUR',
        minimumCommitment: null,
        prices: [
          {
            id: 'vm',
            meter: 'compute.vm',
            dimensionsFilter: {},
            model: { type: 'run_time', unit: 'second', unitPrice: '0.01' },
          },
        ],
      },
      usage: [
        {
          resourceId: 'vm-1',
          meter: unmatched ? 'compute.gpu' : 'compute.vm',
          dimensions: {},
          seconds: String(seconds),
          quantitySeconds: String(seconds),
          quantity: '0',
          runs: seconds === 0 ? [] : [{ durationMs: seconds * 1000, quantity: '1' }],
        },
      ],
    });
  it.each<[string, { zeroUsageInvoices: boolean } | null, ReturnType<typeof draftOf>, boolean]>([
    ['opted out, nothing to charge', { zeroUsageInvoices: false }, draftOf(0), true],
    ['opted out, 1 s = 0.01 to charge', { zeroUsageInvoices: false }, draftOf(1), false],
    [
      'opted out, unmatched usage an operator must see',
      { zeroUsageInvoices: false },
      draftOf(5, true),
      false,
    ],
    ['zero invoices wanted', { zeroUsageInvoices: true }, draftOf(0), false],
    ['no billing profile: the default issues them', null, draftOf(0), false],
  ])('%s', (_name, profile, draft, skipped) => {
    expect(skipsZeroInvoice(profile, draft)).toEqual(skipped);
  });
});
