import { decidePayment, type PaymentTarget } from '../../domain/invoice';

const AT = Date.UTC(2031, 0, 5);

const invoice = (over: Partial<PaymentTarget> = {}): PaymentTarget => ({
  id: 'inv-1',
  customerId: 'c1',
  number: 'INV-2031-000001',
  status: 'open',
  currency: 'EUR',
  amountDue: '20.00',
  amountPaid: '0.00',
  amountCredited: '0.00',
  ...over,
});

const received = (reference: string, amount: string) => ({
  type: 'payment.received',
  customerId: 'c1',
  subjectId: `inv-1:${reference}`,
  payload: { invoiceId: 'inv-1', reference, amount, currency: 'EUR', receivedAtMs: AT },
  occurredAtMs: AT,
});

describe('decidePayment', () => {
  // prettier-ignore
  it.each([
    ['same reference, same amount',        { amount: '5.50' }, '5.5'],
    ['same reference, same value "5.500"', { amount: '5.50' }, '5.500'],
  ])('%s: a replay', (_name, earlier, amount) => {
    expect(
      decidePayment(invoice({ status: 'partially_paid', amountPaid: '5.50' }), earlier, {
        reference: 'bank-1',
        amount,
        receivedAtMs: AT,
      }),
    ).toEqual({ kind: 'replay' });
  });

  test('a replay is answered even once the invoice is paid', () => {
    expect(
      decidePayment(
        invoice({ status: 'paid', amountPaid: '20.00' }),
        { amount: '20.00' },
        { reference: 'bank-1', amount: '20', receivedAtMs: AT },
      ),
    ).toEqual({ kind: 'replay' });
  });

  test('same reference, another amount: payment_exists naming the reference', () => {
    expect(() =>
      decidePayment(
        invoice(),
        { amount: '5.50' },
        { reference: 'bank-1', amount: '6', receivedAtMs: AT },
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'payment_exists',
        details: [{ field: 'reference', message: 'already recorded with another amount' }],
      }),
    );
  });

  test('a part payment: partially paid, payment.received', () => {
    expect(
      decidePayment(invoice(), null, { reference: 'bank-1', amount: '5.5', receivedAtMs: AT }),
    ).toEqual({
      kind: 'record',
      amount: '5.50',
      status: 'partially_paid',
      amountPaid: '5.50',
      events: [received('bank-1', '5.50')],
    });
  });

  test('the rest: paid, payment.received then invoice.paid', () => {
    expect(
      decidePayment(invoice({ status: 'partially_paid', amountPaid: '5.50' }), null, {
        reference: 'bank-2',
        amount: '14.50',
        receivedAtMs: AT,
      }),
    ).toEqual({
      kind: 'record',
      amount: '14.50',
      status: 'paid',
      amountPaid: '20.00',
      events: [
        received('bank-2', '14.50'),
        {
          type: 'invoice.paid',
          customerId: 'c1',
          subjectId: 'inv-1',
          payload: {
            invoiceId: 'inv-1',
            number: 'INV-2031-000001',
            amountPaid: '20.00',
            currency: 'EUR',
          },
          occurredAtMs: AT,
        },
      ],
    });
  });

  test('credit notes count: 15.00 paid after a 5.00 credit note settles 20.00', () => {
    const decision = decidePayment(invoice({ amountCredited: '5.00' }), null, {
      reference: 'bank-1',
      amount: '15',
      receivedAtMs: AT,
    });
    expect(decision).toMatchObject({ kind: 'record', status: 'paid', amountPaid: '15.00' });
  });

  // prettier-ignore
  it.each([
    ['more than due', invoice({ amountPaid: '5.50', status: 'partially_paid' }), '14.51', 'invalid_request'],
    ['sub-cent',      invoice(),                                                 '0.001', 'invalid_request'],
    ['a void invoice', invoice({ status: 'void' }),                              '1',     'invalid_invoice_state'],
    ['a draft',        invoice({ status: 'draft' }),                             '1',     'invalid_invoice_state'],
  ])('a new payment on %s is refused', (_name, target, amount, code) => {
    expect(() =>
      decidePayment(target, null, { reference: 'x', amount, receivedAtMs: AT }),
    ).toThrow(expect.objectContaining({ code }));
  });
});
