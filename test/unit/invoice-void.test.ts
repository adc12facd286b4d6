import { decideVoid, type VoidTarget } from '../../domain/invoice';

const AT = Date.UTC(2031, 0, 5);

const invoice = (over: Partial<VoidTarget> = {}): VoidTarget => ({
  id: 'inv-1',
  customerId: 'c1',
  number: 'INV-2031-000007',
  status: 'open',
  currency: 'EUR',
  amountDue: '20.00',
  amountPaid: '0.00',
  amountCredited: '0.00',
  ...over,
});

describe('decideVoid', () => {
  test('an open invoice without payments: void, invoice.voided', () => {
    expect(decideVoid(invoice(), AT)).toEqual({
      kind: 'void',
      events: [
        {
          type: 'invoice.voided',
          customerId: 'c1',
          subjectId: 'inv-1',
          payload: { invoiceId: 'inv-1', number: 'INV-2031-000007' },
          occurredAtMs: AT,
        },
      ],
    });
  });

  test('a void invoice: unchanged (a retried void)', () => {
    expect(decideVoid(invoice({ status: 'void' }), AT)).toEqual({ kind: 'unchanged' });
  });

  // prettier-ignore
  it.each([
    ['a draft',             invoice({ status: 'draft', number: null })],
    ['a partly paid one',   invoice({ status: 'partially_paid', amountPaid: '1.00' })],
    ['a paid one',          invoice({ status: 'paid', amountPaid: '20.00' })],
    ['an open one credited', invoice({ amountCredited: '5.00' })],
  ])('%s cannot be voided', (_name, target) => {
    expect(() => decideVoid(target, AT)).toThrow(
      expect.objectContaining({ code: 'invalid_invoice_state' }),
    );
  });
});
