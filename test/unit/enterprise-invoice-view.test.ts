import { invoiceSchema, invoiceView } from '../../api/schemas/invoice';
import { draftInvoice, type StoredInvoice } from '../../domain/invoice';
import { withProject } from '../../domain/projects/project-dimension';
import type { Project } from '../../domain/projects/project';
import type { UsageGroup } from '../../domain/rating';

const DAY = 86_400_000;
const START = Date.UTC(2031, 0, 1);

const egress = (resourceId: string, quantity: string, projectId: string | null): UsageGroup => ({
  resourceId,
  meter: 'network.egress',
  dimensions: withProject({}, projectId) ?? {},
  seconds: '0',
  quantitySeconds: '0',
  quantity,
  runs: [],
});

/** Egress 0.01 per GB, coupon 10%: web 800 GB, data 600 GB, the account's own 100 GB. */
function centralInvoice(): StoredInvoice {
  const draft = draftInvoice({
    customerId: 'c1',
    period: { startMs: START, endMs: START + DAY },
    terms: {
      planId: 'plan',
      currency: 'EUR',
      minimumCommitment: null,
      prices: [
        {
          id: 'egress',
          meter: 'network.egress',
          dimensionsFilter: {},
          model: { type: 'counter', unitPrice: '0.01' },
        },
      ],
    },
    usage: [
      egress('b-web', '800', 'web'),
      egress('b-data', '600', 'data'),
      egress('b-own', '100', null),
    ],
    coupons: [{ id: 'ten', kind: 'percentage', percentage: '10', duration: 'forever' }],
  });
  return {
    id: draft.invoiceId,
    customerId: draft.customerId,
    periodStartMs: START,
    periodEndMs: START + DAY,
    planId: draft.planId,
    currency: 'EUR',
    status: 'draft',
    number: null,
    finalizedAtMs: null,
    dueAtMs: null,
    subtotal: draft.totals.subtotal,
    discounts: draft.totals.discounts,
    totalDiscount: draft.totals.totalDiscount,
    totalExcludingTax: draft.totals.totalExcludingTax,
    totalTax: draft.totals.totalTax,
    total: draft.totals.total,
    creditsApplied: draft.totals.creditsApplied,
    amountDue: draft.totals.amountDue,
    amountPaid: '0.00',
    amountCredited: '0.00',
    taxes: draft.totals.taxes,
    lineTotals: draft.totals.lines,
    // As the database returns them: the project only in the line id.
    lines: draft.lines.map(({ projectId: _projectId, ...line }) => line),
    unmatchedUsage: draft.unmatched,
  };
}

const web: Project = {
  customerId: 'c1',
  id: 'web',
  name: 'Web shop',
  team: null,
  costCenter: null,
  purchaseOrderReference: null,
};

describe('the invoice JSON of a central invoice', () => {
  it('carries projectId per line and project subtotals that sum to the subtotal', () => {
    const view = JSON.parse(
      JSON.stringify(invoiceView(centralInvoice(), START, { projects: [web], scope: null })),
    );
    expect(invoiceSchema.safeParse(view).error).toBeUndefined();
    expect(
      view.lines.map((l: { lineId: string; projectId: string | null }) => [l.lineId, l.projectId]),
    ).toEqual([
      ['egress:[]', null],
      ['egress:[]#data', 'data'],
      ['egress:[]#web', 'web'],
    ]);
    expect(view.subtotal).toEqual('15.00');
    expect(view.projects).toEqual([
      { projectId: null, name: null, subtotal: '1.00' },
      { projectId: 'data', name: 'data', subtotal: '6.00' },
      { projectId: 'web', name: 'Web shop', subtotal: '8.00' },
    ]);
  });

  it('a project key sees its own section only: lines, line totals, discount shares', () => {
    const view = JSON.parse(
      JSON.stringify(invoiceView(centralInvoice(), START, { projects: [web], scope: 'web' })),
    );
    expect(invoiceSchema.safeParse(view).error).toBeUndefined();
    expect(view.lines.map((l: { lineId: string }) => l.lineId)).toEqual(['egress:[]#web']);
    expect(view.lineTotals).toEqual([
      {
        lineId: 'egress:[]#web',
        amount: '8.00',
        discountAmount: '0.80',
        netAmount: '7.20',
        taxRateIds: [],
      },
    ]);
    expect(view.discounts[0].allocations).toEqual([{ lineId: 'egress:[]#web', amount: '0.80' }]);
    expect(view.projects).toEqual([{ projectId: 'web', name: 'Web shop', subtotal: '8.00' }]);
    expect(view.unmatchedUsage).toEqual([]);
  });
});
