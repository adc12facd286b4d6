import {
  carriedByLine,
  carriedToCreditNote,
  carriedToCreditTotal,
} from '../../domain/documents/carried-note';
import { createDocumentNumberFormat } from '../../domain/documents/number-format';

// [currency, line amount (what stayed on the invoice), carried, note]
const cases: [string, string, string, string][] = [
  ['EUR', '-1.00', '0.60', 'Restated -€1.60, of which €0.60 is added to your credit balance'],
  // The whole line carried: nothing of it stayed.
  ['EUR', '0.00', '2.50', 'Restated -€2.50, of which €2.50 is added to your credit balance'],
  ['JPY', '-100', '45', 'Restated -¥145, of which ¥45 is added to your credit balance'],
  [
    'KWD',
    '-0.125',
    '0.005',
    'Restated -KWD\u00a00.130, of which KWD\u00a00.005 is added to your credit balance',
  ],
];

test.each(cases)('%s: line %s, %s carried', (currency, line, carried, expected) => {
  const numbers = createDocumentNumberFormat('en-US', currency);
  expect(carriedToCreditNote(line, carried, (value) => numbers.amount(value))).toEqual(expected);
});

test('the carried amounts summed, null when nothing was carried', () => {
  expect(carriedToCreditTotal([])).toBeNull();
  expect(carriedToCreditTotal(['0.60', '1.45'])).toEqual('2.05');
});

test('the lines that carried something: zero and absent amounts left out', () => {
  expect(
    carriedByLine([
      { lineId: 'l1' },
      { lineId: 'adj-1', carriedToCredit: '0.60' },
      { lineId: 'adj-2', carriedToCredit: '0.00' },
    ]),
  ).toEqual({ 'adj-1': '0.60' });
});
