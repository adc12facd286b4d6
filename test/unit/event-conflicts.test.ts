import type { LedgerEvent } from '../../domain/events';
import {
  conflictingEvents,
  eventConflict,
  eventDifferences,
  type EventContentField,
  type NewEvent,
} from '../../domain/ingest';

const AT = Date.UTC(2026, 10, 24, 10);

const sent = (change: Partial<NewEvent> = {}): NewEvent => ({
  customerId: 'cus-1',
  id: 'e-1',
  type: 'resource.started',
  timestampMs: AT,
  resourceId: 'vm-1',
  meter: 'compute.vm',
  dimensions: { flavor: 'm1.small', region: 'fra1' },
  quantity: '2',
  ...change,
});

/** The ledger's copy of sent(change), as the repository reads it back. */
const stored = (change: Partial<NewEvent> = {}): LedgerEvent => {
  const { customerId: _customerId, ...event } = sent(change);
  return { ...event, seq: 7 };
};

describe('eventDifferences: the same content is a duplicate, whatever its spelling', () => {
  it.each<[string, Partial<NewEvent>, Partial<NewEvent>, EventContentField[]]>([
    ['identical', {}, {}, []],
    [
      'dimensions in another key order',
      {},
      { dimensions: { region: 'fra1', flavor: 'm1.small' } },
      [],
    ],
    ['quantity "2" and "2.000"', {}, { quantity: '2.000' }, []],
    ['quantity "0.5" and "0.50"', { quantity: '0.5' }, { quantity: '0.50' }, []],
    [
      'both without dimensions and quantity',
      { dimensions: null, quantity: null },
      { dimensions: null, quantity: null },
      [],
    ],
    ['empty dimensions both times', { dimensions: {} }, { dimensions: {} }, []],
    ['another type', {}, { type: 'resource.stopped' }, ['type']],
    ['one millisecond later', {}, { timestampMs: AT + 1 }, ['timestamp']],
    ['another resource', {}, { resourceId: 'vm-2' }, ['resourceId']],
    ['another meter', {}, { meter: 'compute.container' }, ['meter']],
    [
      'another dimension value',
      {},
      { dimensions: { flavor: 'm1.large', region: 'fra1' } },
      ['dimensions'],
    ],
    [
      'a dimension more',
      {},
      { dimensions: { flavor: 'm1.small', region: 'fra1', az: 'a' } },
      ['dimensions'],
    ],
    ['a dimension less', {}, { dimensions: { flavor: 'm1.small' } }, ['dimensions']],
    [
      'a key swapped for another',
      {},
      { dimensions: { flavor: 'm1.small', zone: 'fra1' } },
      ['dimensions'],
    ],
    // Omitted is not empty: an update without dimensions keeps them, with {} clears them.
    ['dimensions omitted now', {}, { dimensions: null }, ['dimensions']],
    ['dimensions {} then omitted', { dimensions: {} }, { dimensions: null }, ['dimensions']],
    // Omitted is not "1": an update without a quantity keeps the current one.
    ['quantity "1" then omitted', { quantity: '1' }, { quantity: null }, ['quantity']],
    ['another quantity', {}, { quantity: '2.0001' }, ['quantity']],
    [
      'everything else',
      {},
      {
        type: 'resource.updated',
        timestampMs: AT - 1,
        resourceId: 'x',
        meter: 'y',
        dimensions: {},
        quantity: '3',
      },
      ['type', 'timestamp', 'resourceId', 'meter', 'dimensions', 'quantity'],
    ],
  ])('%s', (_name, first, again, expected) => {
    expect(eventDifferences(stored(first), sent(again))).toEqual(expected);
  });
});

describe('conflictingEvents: issues on `id` for duplicates with other content, by index', () => {
  it('accepted events and same-content duplicates are no issue', () => {
    expect(
      conflictingEvents(
        [sent({ id: 'a' }), sent({ id: 'e-1', quantity: '2.0' })],
        [
          { status: 'accepted', event: stored({ id: 'a' }) },
          { status: 'duplicate', event: stored() },
        ],
      ),
    ).toEqual([]);
  });

  it('each duplicate with other content is named by its index and id', () => {
    expect(
      conflictingEvents(
        [
          sent({ id: 'a' }),
          sent({ quantity: '3' }),
          sent({ id: 'b', meter: 'm', dimensions: null }),
        ],
        [
          { status: 'accepted', event: stored({ id: 'a' }) },
          { status: 'duplicate', event: stored() },
          { status: 'duplicate', event: stored({ id: 'b' }) },
        ],
      ),
    ).toEqual([
      {
        index: 1,
        field: 'id',
        message:
          'event e-1 was recorded before with other content (quantity); a new event needs a new id',
      },
      {
        index: 2,
        field: 'id',
        message:
          'event b was recorded before with other content (meter, dimensions); a new event ' +
          'needs a new id',
      },
    ]);
  });

  it('is a 409 event_conflict carrying the issues', () => {
    const details = [{ index: 0, field: 'id', message: 'x' }];
    expect(eventConflict(details)).toMatchObject({ code: 'event_conflict', details });
  });
});
