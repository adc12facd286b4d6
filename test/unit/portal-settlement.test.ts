import type { CreditNote, InvoicePayment } from '../../portal/src/http/types';
import { settlementRows } from '../../portal/src/pages/settlement';

const payment = (reference: string, amount: string, receivedAt: string): InvoicePayment => ({
  invoiceId: 'inv-1',
  reference,
  amount,
  currency: 'EUR',
  receivedAt,
});

const note = (
  number: string,
  appliedToInvoice: string,
  creditedToBalance: string,
  issuedAt: string,
): CreditNote => ({
  id: `cn-${number}`,
  number,
  reason: 'outage',
  total: '0',
  appliedToInvoice,
  creditedToBalance,
  issuedAt,
});

const view = (rows: ReturnType<typeof settlementRows>) =>
  rows.map((row) => [row.kind, row.reference, row.amount, row.toBalance]);

test('the worked example: prepaid credit, a credit note and a payment, oldest first', () => {
  const rows = settlementRows(
    { creditsApplied: '5.00', finalizedAt: '2026-12-01T00:00:00.000Z' },
    [payment('wire-1', '10.00', '2026-12-03T09:00:00.000Z')],
    [note('CN-1', '5.00', '3.00', '2026-12-02T09:00:00.000Z')],
  );
  expect(view(rows)).toEqual([
    ['prepaid', 'Credit balance', '5.00', null],
    ['credit_note', 'CN-1', '5.00', '3.00'],
    ['payment', 'wire-1', '10.00', null],
  ]);
});

test.each([
  ['no prepaid credit: no prepaid row', '0.00', '2026-12-01T00:00:00.000Z', []],
  ['a draft (not finalized) consumed nothing yet', '5.00', null, []],
])('%s', (_name, creditsApplied, finalizedAt, expected) => {
  expect(view(settlementRows({ creditsApplied, finalizedAt }, [], []))).toEqual(expected);
});

test('at one instant: prepaid credit, then payments in list order, then credit notes', () => {
  const at = '2026-12-01T00:00:00.000Z';
  const rows = settlementRows(
    { creditsApplied: '1.00', finalizedAt: at },
    [payment('b', '2.00', at), payment('a', '3.00', at)],
    [note('CN-2', '4.00', '0.00', at)],
  );
  expect(view(rows)).toEqual([
    ['prepaid', 'Credit balance', '1.00', null],
    ['payment', 'b', '2.00', null],
    ['payment', 'a', '3.00', null],
    ['credit_note', 'CN-2', '4.00', null],
  ]);
});
