import { unitCodeFor } from '../../domain/einvoice';
import { isoDateInZone, periodDatesInZone } from '../../domain/einvoice/dates';
import { endpointOf } from '../../domain/einvoice/endpoint';
import { CUSTOMER } from '../einvoice/documents';

describe('unitCodeFor: UN/ECE Rec 20', () => {
  it.each([
    ['second', 'SEC'],
    ['seconds', 'SEC'],
    ['minute', 'MIN'],
    ['hour', 'HUR'],
    ['Hour', 'HUR'],
    ['day', 'DAY'],
    ['month', 'MON'],
    ['byte', 'AD'],
    ['MB', '4L'],
    ['GB', 'E34'],
    ['TB', 'E35'],
    // compound and free units are counted in "one"
    ['GB-month', 'C62'],
    ['GB-hour', 'C62'],
    ['GB-second', 'C62'],
    ['unit-hour', 'C62'],
    ['package', 'C62'],
    ['commitment', 'C62'],
    ['constructor', 'C62'],
  ])('%s -> %s', (unit, code) => {
    expect(unitCodeFor(unit)).toBe(code);
  });
});

describe('dates in the customer zone', () => {
  it.each([
    // 2026-03-31T22:30Z: still March 31 in UTC and New York, April 1 in Berlin and Tokyo
    [Date.UTC(2026, 2, 31, 22, 30), 'UTC', '2026-03-31'],
    [Date.UTC(2026, 2, 31, 22, 30), 'America/New_York', '2026-03-31'],
    [Date.UTC(2026, 2, 31, 22, 30), 'Europe/Berlin', '2026-04-01'],
    [Date.UTC(2026, 2, 31, 22, 30), 'Asia/Tokyo', '2026-04-01'],
    // year below 1000 keeps four digits
    [Date.UTC(999, 0, 5), 'UTC', '0999-01-05'],
  ])('isoDateInZone(%d, %s) = %s', (instant, zone, date) => {
    expect(isoDateInZone(instant, zone)).toBe(date);
  });

  it.each([
    // March in Berlin: CET start, CEST end (DST began March 29)
    [
      Date.UTC(2026, 1, 28, 23),
      Date.UTC(2026, 2, 31, 22),
      'Europe/Berlin',
      '2026-03-01',
      '2026-03-31',
    ],
    // one day
    [Date.UTC(2026, 4, 1), Date.UTC(2026, 4, 2), 'UTC', '2026-05-01', '2026-05-01'],
    // an empty period does not end before it starts
    [Date.UTC(2026, 4, 1), Date.UTC(2026, 4, 1), 'UTC', '2026-05-01', '2026-05-01'],
  ])('periodDatesInZone(%d, %d, %s) = %s .. %s', (start, end, zone, startDate, endDate) => {
    expect(periodDatesInZone(start, end, zone)).toEqual({ startDate, endDate });
  });
});

describe('endpointOf: Peppol electronic address', () => {
  it.each([
    ['a German VAT id', 'DE123456789', { schemeID: '9930', id: 'DE123456789' }],
    ['a French VAT id', 'FR12345678901', { schemeID: '9957', id: 'FR12345678901' }],
    ['a Greek VAT id (EL)', 'EL123456789', { schemeID: '9933', id: 'EL123456789' }],
    [
      'a VAT id of a country without EAS scheme: e-mail',
      'JP123',
      { schemeID: 'EM', id: 'ap@acme.example' },
    ],
    ['no VAT id: e-mail', null, { schemeID: 'EM', id: 'ap@acme.example' }],
  ])('%s', (_name, vatId, expected) => {
    expect(endpointOf(CUSTOMER, vatId)).toEqual(expected);
  });

  it('is null without VAT id and e-mail', () => {
    expect(endpointOf({ ...CUSTOMER, email: null }, null)).toBeNull();
  });
});
