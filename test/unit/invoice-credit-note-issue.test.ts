import {
  creditNoteNumbering,
  decideCreditNoteReplay,
  settleWithCreditNote,
  type CreditedInvoice,
} from '../../domain/invoice';

const AT = Date.UTC(2031, 0, 5);

describe('creditNoteNumbering', () => {
  // prettier-ignore
  it.each([
    [Date.UTC(2031, 0, 5),                  1,  'CN-2031', 'CN-2031-000001'],
    [Date.UTC(2031, 11, 31, 23, 59, 59),    42, 'CN-2031', 'CN-2031-000042'],
    [Date.UTC(2032, 0, 1),                  1,  'CN-2032', 'CN-2032-000001'],
  ])('%s, n=%s', (issuedAtMs, n, key, number) => {
    const { sequenceKey, format } = creditNoteNumbering(issuedAtMs);
    expect([sequenceKey, format(n)]).toEqual([key, number]);
  });
});

describe('decideCreditNoteReplay', () => {
  // As stored: amounts normalized, keys in the order the JSON column gives them back.
  const stored = {
    id: 'cn-1',
    invoiceId: 'inv-1',
    reason: 'Outage',
    lines: [{ amount: '5.00', lineId: 'l1' }],
  };
  // prettier-ignore
  it.each([
    ['a new id',                        null,   { id: 'cn-3', reason: 'Outage' },                                        { kind: 'create' }],
    ['same id and reason, no lines',    stored, { id: 'cn-1', reason: 'Outage' },                                        { kind: 'replay', note: stored }],
    ['same id, reason and lines',       stored, { id: 'cn-1', reason: 'Outage', lines: [{ lineId: 'l1', amount: '5.00' }] }, { kind: 'replay', note: stored }],
    ['the same amount written "5"',     stored, { id: 'cn-1', reason: 'Outage', lines: [{ lineId: 'l1', amount: '5' }] },    { kind: 'replay', note: stored }],
  ])('%s', (_name, existing, request, expected) => {
    expect(decideCreditNoteReplay(existing, 'inv-1', request)).toEqual(expected);
  });

  // prettier-ignore
  it.each([
    ['another reason',      'inv-1', { id: 'cn-1', reason: 'Other' },                                                   'another credit note'],
    ['other lines',         'inv-1', { id: 'cn-1', reason: 'Outage', lines: [{ lineId: 'l1', amount: '4.00' }] },          'another credit note'],
    ['another line',        'inv-1', { id: 'cn-1', reason: 'Outage', lines: [{ lineId: 'l2', amount: '5.00' }] },          'another credit note'],
    ['one line more',       'inv-1', { id: 'cn-1', reason: 'Outage', lines: [{ lineId: 'l1', amount: '5' }, { lineId: 'l2', amount: '1' }] }, 'another credit note'],
    ['another invoice',     'inv-2', { id: 'cn-1', reason: 'Outage' },                                                  'another invoice'],
  ])('same id, %s: credit_note_exists naming id', (_name, invoiceId, request, usedFor) => {
    expect(() => decideCreditNoteReplay(stored, invoiceId, request)).toThrow(
      expect.objectContaining({
        code: 'credit_note_exists',
        details: [{ field: 'id', message: `already used for ${usedFor}` }],
      }),
    );
  });
});

describe('settleWithCreditNote', () => {
  const invoice = (over: Partial<CreditedInvoice> = {}): CreditedInvoice => ({
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
  const created = (id: string, number: string, total: string) => ({
    type: 'credit_note.created',
    customerId: 'c1',
    subjectId: id,
    payload: { creditNoteId: id, number, invoiceId: 'inv-1', total },
    occurredAtMs: AT,
  });
  const paid = (settledBy: string) => ({
    type: 'invoice.paid',
    customerId: 'c1',
    subjectId: 'inv-1',
    payload: { invoiceId: 'inv-1', number: 'INV-2031-000001', settledBy },
    occurredAtMs: AT,
  });

  // prettier-ignore
  it.each([
    [
      'a partial note: still open',
      invoice(),
      { total: '5.00', appliedToInvoice: '5.00', creditedToBalance: '0.00' },
      { id: 'cn-1', number: 'CN-2031-000001', issuedAtMs: AT },
      { amountCredited: '5.00', status: 'open', balanceGrant: null, events: [created('cn-1', 'CN-2031-000001', '5.00')] },
    ],
    [
      'the rest: paid, invoice.paid first',
      invoice({ amountCredited: '5.00' }),
      { total: '15.00', appliedToInvoice: '15.00', creditedToBalance: '0.00' },
      { id: 'cn-2', number: 'CN-2031-000002', issuedAtMs: AT },
      { amountCredited: '20.00', status: 'paid', balanceGrant: null, events: [paid('CN-2031-000002'), created('cn-2', 'CN-2031-000002', '15.00')] },
    ],
    [
      'partly paid 3.00 of 8.00, full note of 8.00: 5.00 applied, 3.00 granted',
      invoice({ status: 'partially_paid', amountDue: '8.00', amountPaid: '3.00' }),
      { total: '8.00', appliedToInvoice: '5.00', creditedToBalance: '3.00' },
      { id: 'cn-3', number: 'CN-2031-000003', issuedAtMs: AT },
      {
        amountCredited: '5.00',
        status: 'paid',
        balanceGrant: { kind: 'grant', amount: '3.00', reference: 'credit_note:cn-3', currency: 'EUR', description: 'Credit note CN-2031-000003' },
        events: [paid('CN-2031-000003'), created('cn-3', 'CN-2031-000003', '8.00')],
      },
    ],
    [
      'a paid invoice: all granted, no second invoice.paid',
      invoice({ status: 'paid', amountPaid: '20.00' }),
      { total: '3.00', appliedToInvoice: '0.00', creditedToBalance: '3.00' },
      { id: 'cn-4', number: 'CN-2031-000004', issuedAtMs: AT },
      {
        amountCredited: '0.00',
        status: 'paid',
        balanceGrant: { kind: 'grant', amount: '3.00', reference: 'credit_note:cn-4', currency: 'EUR', description: 'Credit note CN-2031-000004' },
        events: [created('cn-4', 'CN-2031-000004', '3.00')],
      },
    ],
  ])('%s', (_name, target, amounts, note, expected) => {
    expect(settleWithCreditNote(target, amounts, note)).toEqual(expected);
  });
});
