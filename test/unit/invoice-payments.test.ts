import { applyPayment, assertVoidable, displayedStatus, remaining } from '../../domain/invoice';

const open = (currency: string, amountDue: string, amountPaid = '0') =>
  ({ status: 'open', currency, amountDue, amountPaid }) as const;

describe('applyPayment', () => {
  // prettier-ignore
  it.each([
    ['EUR part',          open('EUR', '20.00'),          '5.5',   { status: 'partially_paid', amountPaid: '5.50' }],
    ['EUR rest',          open('EUR', '20.00', '5.50'),  '14.50', { status: 'paid', amountPaid: '20.00' }],
    ['JPY whole yen',     open('JPY', '1200'),           '1200',  { status: 'paid', amountPaid: '1200' }],
    ['KWD three decimals', open('KWD', '1.250'),         '0.125', { status: 'partially_paid', amountPaid: '0.125' }],
  ])('%s', (_name, invoice, amount, expected) => {
    expect(applyPayment(invoice, amount)).toEqual(expected);
  });

  // prettier-ignore
  it.each([
    ['half a yen',          open('JPY', '1200'),         '0.5',   'invalid_request'],
    ['a tenth of a cent',   open('EUR', '20.00'),        '0.001', 'invalid_request'],
    ['zero',                open('EUR', '20.00'),        '0',     'invalid_request'],
    ['more than due',       open('EUR', '20.00', '19.99'), '0.02', 'invalid_request'],
    ['a draft',             { ...open('EUR', '20.00'), status: 'draft' as const }, '1', 'invalid_invoice_state'],
    ['a paid invoice',      { ...open('EUR', '20.00', '20.00'), status: 'paid' as const }, '1', 'invalid_invoice_state'],
  ])('rejects %s', (_name, invoice, amount, code) => {
    expect(() => applyPayment(invoice, amount)).toThrow(expect.objectContaining({ code }));
  });
});

test('remaining, voidable and overdue', () => {
  expect(remaining(open('EUR', '20.00', '5.50'))).toEqual('14.50');
  expect(() => assertVoidable(open('EUR', '20.00'))).not.toThrow();
  expect(() => assertVoidable(open('EUR', '20.00', '0.01'))).toThrow(
    expect.objectContaining({ code: 'invalid_invoice_state' }),
  );
  expect(displayedStatus('open', 1000, 1001)).toEqual('overdue');
  expect(displayedStatus('partially_paid', 1000, 1001)).toEqual('overdue');
  expect(displayedStatus('open', 1000, 1000)).toEqual('open');
  expect(displayedStatus('paid', 1000, 5000)).toEqual('paid');
  expect(displayedStatus('draft', null, 5000)).toEqual('draft');
});
