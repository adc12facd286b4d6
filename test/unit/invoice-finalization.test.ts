import {
  decideFinalization,
  needsFinalization,
  type FinalizationState,
  type InvoiceStatus,
} from '../../domain/invoice';

const DAY = 86_400_000;
const AT = Date.UTC(2031, 0, 1, 12);
const NUMBER = 'INV-2031-000001';

const draft = (over: Partial<FinalizationState> = {}): FinalizationState => ({
  invoiceId: 'inv-c1-1',
  customerId: 'c1',
  currency: 'EUR',
  status: 'draft',
  total: '8.00',
  discounts: [],
  creditBalance: '0.00',
  paymentTermsDays: 30,
  ...over,
});

describe('decideFinalization', () => {
  // prettier-ignore
  it.each([
    // name                        state                                                    status   applied   due       due date
    ['no credits: open, net 30',   draft(),                                                 'open', '0.00',   '8.00',   AT + 30 * DAY],
    ['credits cover it: paid',     draft({ creditBalance: '10.00' }),                       'paid', '8.00',   '0.00',   AT + 30 * DAY],
    ['credits cover part',         draft({ creditBalance: '2.00' }),                        'open', '2.00',   '6.00',   AT + 30 * DAY],
    ['negative balance ignored',   draft({ creditBalance: '-5.00' }),                       'open', '0.00',   '8.00',   AT + 30 * DAY],
    ['zero invoice: paid at once', draft({ total: '0.00' }),                                'paid', '0.00',   '0.00',   AT + 30 * DAY],
    ['net 14',                     draft({ paymentTermsDays: 14 }),                         'open', '0.00',   '8.00',   AT + 14 * DAY],
    ['due on receipt',             draft({ paymentTermsDays: 0 }),                          'open', '0.00',   '8.00',   AT],
    ['no terms: default net 30',   draft({ paymentTermsDays: null }),                       'open', '0.00',   '8.00',   AT + 30 * DAY],
    ['JPY, whole yen',             draft({ currency: 'JPY', total: '1200', creditBalance: '500' }), 'open', '500', '700', AT + 30 * DAY],
  ])('%s', (_name, state, status, creditsApplied, amountDue, dueAtMs) => {
    const decision = decideFinalization(state, { finalizedAtMs: AT, number: NUMBER });
    expect([decision.status, decision.creditsApplied, decision.amountDue, decision.dueAtMs]).toEqual(
      [status, creditsApplied, amountDue, dueAtMs],
    );
  });

  test('a fully credited invoice: consumption entry, coupons counted, finalized and paid events', () => {
    const decision = decideFinalization(
      draft({
        creditBalance: '10.00',
        discounts: [{ couponId: 'welcome' }, { couponId: 'fixed-5' }],
      }),
      { finalizedAtMs: AT, number: NUMBER },
    );
    const event = {
      customerId: 'c1',
      subjectId: 'inv-c1-1',
      payload: { invoiceId: 'inv-c1-1', number: NUMBER, amountDue: '0.00', currency: 'EUR' },
      occurredAtMs: AT,
    };
    expect(decision).toEqual({
      status: 'paid',
      number: NUMBER,
      finalizedAtMs: AT,
      dueAtMs: AT + 30 * DAY,
      creditsApplied: '8.00',
      amountDue: '0.00',
      couponIdsToCount: ['welcome', 'fixed-5'],
      creditConsumption: {
        kind: 'consumption',
        amount: '8.00',
        reference: 'invoice:inv-c1-1',
        currency: 'EUR',
        description: 'Applied to invoice inv-c1-1',
      },
      carriedCredit: null,
      events: [
        { ...event, type: 'invoice.finalized' },
        { ...event, type: 'invoice.paid' },
      ],
    });
  });

  test('what negative adjustments carried beyond the invoice is granted as credit', () => {
    // Lines: 1.00 and adj -1.60 -> applied -1.00, 0.60 carried; a second line carried 0.05.
    const decision = decideFinalization(
      draft({
        total: '0.00',
        lineTotals: [{}, { carriedToCredit: '0.60' }, { carriedToCredit: '0.05' }],
      }),
      { finalizedAtMs: AT, number: NUMBER },
    );
    expect([decision.status, decision.creditConsumption, decision.carriedCredit]).toEqual([
      'paid',
      null,
      {
        kind: 'grant',
        reference: 'carried:inv-c1-1',
        amount: '0.65',
        currency: 'EUR',
        description: 'Restated usage carried beyond invoice inv-c1-1',
      },
    ]);
  });

  test('an invoice left to pay: no consumption, invoice.finalized only', () => {
    const decision = decideFinalization(draft(), { finalizedAtMs: AT, number: NUMBER });
    expect([decision.creditConsumption, decision.couponIdsToCount]).toEqual([null, []]);
    expect(decision.events).toEqual([
      {
        type: 'invoice.finalized',
        customerId: 'c1',
        subjectId: 'inv-c1-1',
        payload: { invoiceId: 'inv-c1-1', number: NUMBER, amountDue: '8.00', currency: 'EUR' },
        occurredAtMs: AT,
      },
    ]);
  });
});

test.each<[InvoiceStatus, boolean]>([
  ['draft', true],
  ['open', false],
  ['partially_paid', false],
  ['paid', false],
  ['void', false],
])('needsFinalization(%s) = %s', (status, expected) => {
  expect(needsFinalization(status)).toEqual(expected);
});
