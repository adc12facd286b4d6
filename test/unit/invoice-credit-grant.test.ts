import { decideCreditGrant, decideLedgerReplay } from '../../domain/invoice';

describe('decideCreditGrant', () => {
  // prettier-ignore
  it.each([
    ['EUR', { id: 'g1', amount: '50.00', description: 'Promo' }, { kind: 'grant', reference: 'g1', amount: '50.00', currency: 'EUR', description: 'Promo' }],
    ['EUR', { id: 'g2', amount: '0.5' },                         { kind: 'grant', reference: 'g2', amount: '0.5', currency: 'EUR', description: '' }],
    ['JPY', { id: 'g3', amount: '1000' },                        { kind: 'grant', reference: 'g3', amount: '1000', currency: 'JPY', description: '' }],
    ['KWD', { id: 'g4', amount: '0.125' },                       { kind: 'grant', reference: 'g4', amount: '0.125', currency: 'KWD', description: '' }],
  ])('%s %j', (currency, request, expected) => {
    expect(decideCreditGrant(currency, request)).toEqual(expected);
  });

  // prettier-ignore
  it.each([
    ['JPY', '10.5',  'must be positive, in whole JPY minor units'],
    ['EUR', '0.001', 'must be positive, in whole EUR minor units'],
    ['EUR', '0',     'must be positive, in whole EUR minor units'],
    ['EUR', '0.00',  'must be positive, in whole EUR minor units'],
  ])('%s %s is refused naming amount', (currency, amount, message) => {
    expect(() => decideCreditGrant(currency, { id: 'g', amount })).toThrow(
      expect.objectContaining({ code: 'invalid_request', details: [{ field: 'amount', message }] }),
    );
  });
});

describe('decideLedgerReplay', () => {
  test('the same amount again is a replay', () => {
    expect(decideLedgerReplay({ amount: '1000' }, { reference: 'g1', amount: '1000' })).toEqual(
      'replay',
    );
    expect(decideLedgerReplay({ amount: '5.00' }, { reference: 'g1', amount: '5' })).toEqual(
      'replay',
    );
  });

  // prettier-ignore
  it.each([
    ['another amount',   { amount: '1000' }],
    ['no stored entry',  null],
  ])('%s: credit_exists naming id', (_name, existing) => {
    expect(() => decideLedgerReplay(existing, { reference: 'g1', amount: '999' })).toThrow(
      expect.objectContaining({
        code: 'credit_exists',
        details: [{ field: 'id', message: 'already exists with another amount' }],
      }),
    );
  });
});
